/// A metric an experiment can name: its PromQL, and how the analysis models it.
public struct MetricDefinition: Hashable, Sendable {
    /// Metric name.
    public var name: String
    /// Metric namespace (`iter8-istio` for the built-ins).
    public var namespace: String?
    /// Counter (only grows) or gauge.
    public var type: MetricType
    /// What it measures.
    public var description: String?
    /// Units, e.g. `msec`.
    public var units: String?
    /// The query whose result is the metric's value, as iter8 reports it.
    public var query: QueryTemplate
    /// The metric counting this one's samples (e.g. request-count), if declared.
    public var sampleSize: MetricReference?
    /// How the analysis models the metric, and the extra queries the model needs.
    public var model: MetricModel

    /// Creates a definition.
    public init(
        name: String, namespace: String? = nil, type: MetricType, description: String? = nil, units: String? = nil,
        query: QueryTemplate, sampleSize: MetricReference? = nil, model: MetricModel
    ) {
        self.name = name
        self.namespace = namespace
        self.type = type
        self.description = description
        self.units = units
        self.query = query
        self.sampleSize = sampleSize
        self.model = model
    }

    /// `namespace/name` or `name`.
    public var qualifiedName: String { namespace.map { "\($0)/\(name)" } ?? name }

    /// Every template the metric needs, by role (`value`, and the model's own), in a fixed order.
    public var templates: [(role: String, template: QueryTemplate)] {
        [("value", query)] + model.templates
    }
}

/// iter8's metric types.
public enum MetricType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Grows over time (a count of events).
    case counter = "Counter"
    /// Any number.
    case gauge = "Gauge"
}

/// How the analysis turns a metric's measurements into a posterior.
///
/// A model other than `counter` and `gauge` carries its own queries, so the analysis works on counts
/// and histogram buckets rather than on a ratio that has lost its sample size.
public enum MetricModel: Hashable, Sendable {
    /// A count; compared with its limit directly.
    case counter
    /// A number with no sample size; the engine's documented fallback model applies.
    case gauge
    /// A rate from counts: `events` of `trials` (Beta-Binomial).
    case ratio(events: QueryTemplate, trials: QueryTemplate)
    /// A mean from a histogram's sum and count, with its buckets.
    case histogramMean(sum: QueryTemplate, count: QueryTemplate, buckets: QueryTemplate)
    /// A quantile (0–1) from histogram buckets.
    case histogramQuantile(Double, buckets: QueryTemplate)
    /// The fraction of samples at or below `le`, from histogram buckets (Beta-Binomial on bucket counts).
    case histogramFraction(le: Double, buckets: QueryTemplate)

    /// The model's own queries by role.
    public var templates: [(role: String, template: QueryTemplate)] {
        switch self {
        case .counter, .gauge: []
        case .ratio(let events, let trials): [("events", events), ("trials", trials)]
        case .histogramMean(let sum, let count, let buckets): [("sum", sum), ("count", count), ("buckets", buckets)]
        case .histogramQuantile(_, let buckets), .histogramFraction(_, let buckets): [("buckets", buckets)]
        }
    }
}
