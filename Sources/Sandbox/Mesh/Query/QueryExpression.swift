/// A parsed expression of the Sandbox's PromQL subset (see ``QueryParser``).
indirect enum QueryExpression {
    /// A number literal.
    case number(Double)
    /// An instant vector selector: the series' values at the evaluation time.
    case selector(VectorSelector)
    /// A range vector selector (only as the argument of `increase` or `rate`).
    case range(VectorSelector, seconds: Double)
    /// `increase(range)` or `rate(range)`.
    case counterFunction(CounterFunction, selector: VectorSelector, seconds: Double)
    /// `vector(scalar)`.
    case vector(QueryExpression)
    /// `histogram_quantile(scalar, vector)`.
    case histogramQuantile(QueryExpression, QueryExpression)
    /// `sum by (…) (…)`, `sum without (…) (…)` or `sum (…)`.
    case sum(QueryExpression, grouping: Grouping)
    /// A binary operation; `on` lists the matching labels of `on(…)` (nil: match on all labels).
    case binary(BinaryOperator, QueryExpression, QueryExpression, on: [String]?)
    /// Unary minus.
    case negate(QueryExpression)

    /// The counter functions.
    enum CounterFunction: String {
        case increase, rate
    }

    /// The supported binary operators.
    enum BinaryOperator: String {
        case add = "+", subtract = "-", multiply = "*", divide = "/", or

        func apply(_ a: Double, _ b: Double) -> Double {
            switch self {
            case .add: a + b
            case .subtract: a - b
            case .multiply: a * b
            case .divide: a / b
            case .or: a
            }
        }
    }

    /// How `sum` groups.
    enum Grouping {
        /// Into one series without labels.
        case all
        /// By these labels.
        case by([String])
        /// By every label except these (and `__name__`).
        case without([String])
    }

    /// The value type an expression evaluates to.
    enum ValueType: String {
        case scalar, instant = "instant vector", range = "range vector"
    }

    /// This expression's value type.
    var type: ValueType {
        switch self {
        case .number: .scalar
        case .range: .range
        case .binary(_, let a, let b, _): a.type == .scalar && b.type == .scalar ? .scalar : .instant
        case .negate(let inner): inner.type
        default: .instant
        }
    }
}

/// `name{label="value", …}`: a metric name and label matchers (the name is a matcher on `__name__`).
struct VectorSelector {
    /// Every matcher, the name's included.
    var matchers: [LabelMatcher]

    /// Whether a series with `labels` is selected.
    func selects(_ labels: [String: String]) -> Bool {
        matchers.allSatisfy { $0.matches(labels[$0.name] ?? "") }
    }
}
