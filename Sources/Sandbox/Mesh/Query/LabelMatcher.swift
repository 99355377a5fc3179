/// One label matcher of a vector selector: `=`, `!=`, `=~` or `!~`. A missing label matches as the empty
/// string, and regular expressions are anchored at both ends, as in Prometheus.
struct LabelMatcher {
    /// The operator.
    enum Operator: String {
        case equal = "=", notEqual = "!=", matches = "=~", notMatches = "!~"
    }

    /// The label name.
    var name: String
    /// The operator.
    var op: Operator
    /// The value or pattern.
    var value: String
    private var regex: Regex<AnyRegexOutput>?

    /// Creates a matcher; a pattern that does not compile throws its compiler's message.
    init(name: String, op: Operator, value: String) throws {
        self.name = name
        self.op = op
        self.value = value
        if op == .matches || op == .notMatches { regex = try Regex(value) }
    }

    /// Whether `labelValue` (empty for a missing label) satisfies the matcher.
    func matches(_ labelValue: String) -> Bool {
        switch op {
        case .equal: labelValue == value
        case .notEqual: labelValue != value
        case .matches: (try? regex?.wholeMatch(in: labelValue)) != nil
        case .notMatches: (try? regex?.wholeMatch(in: labelValue)) == nil
        }
    }
}
