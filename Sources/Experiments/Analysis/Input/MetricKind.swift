/// What a metric measures, which tells an engine how to model its observation.
public enum MetricKind: Codable, Sendable, Hashable {
    /// A monotone count (for example requests). Observed as ``Observation/counter(_:)``; no uncertainty.
    case counter
    /// A plain value (for example CPU use). Observed as ``Observation/gauge(value:sampleSize:)``.
    case gauge
    /// A 0–1 ratio known with its counts (for example errors of requests).
    /// Observed as ``Observation/counts(events:trials:)``.
    case ratio
    /// The mean of a histogram (for example mean latency): sum / count.
    /// Observed as ``Observation/histogram(_:)``.
    case meanFromHistogram
    /// The percentile `p` (0 < p < 100, for example 95) of a histogram, computed like Prometheus'
    /// `histogram_quantile`. Observed as ``Observation/histogram(_:)``.
    case percentile(Double)
}

/// A metric's name and kind.
public struct MetricDescriptor: Codable, Sendable, Hashable {
    /// The metric's name, unique in an analysis input.
    public var name: String
    /// How the metric is modelled.
    public var kind: MetricKind

    /// Creates a descriptor.
    public init(name: String, kind: MetricKind) {
        self.name = name
        self.kind = kind
    }
}
