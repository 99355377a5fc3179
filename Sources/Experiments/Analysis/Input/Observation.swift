/// What is known about one metric of one version: a value, never an error. "No data" is an ordinary
/// observation that engines turn into a `noData` assessment (never pass, never fail).
public enum Observation: Codable, Sendable, Hashable {
    /// Nothing observed yet (the query returned no series, or the version has no traffic).
    case noData
    /// `events` out of `trials` (for example errors of requests). The ratio is events / trials.
    case counts(events: Double, trials: Double)
    /// A latency-style histogram (buckets, sum and count).
    case histogram(Histogram)
    /// A plain value, optionally with the number of observations it summarises (for example a mean
    /// latency computed from `sum / count` with count = `sampleSize`).
    case gauge(value: Double, sampleSize: Double?)
    /// A counter's value.
    case counter(Double)

    /// The observation's point value for a metric of `kind`, or nil when there is none (no data, zero
    /// trials, an empty histogram, or an observation that does not fit the kind).
    public func pointValue(for kind: MetricKind) -> Double? {
        switch (self, kind) {
        case (.noData, _):
            return nil
        case let (.counts(events, trials), _):
            return trials > 0 ? min(max(events / trials, 0), 1) : nil
        case let (.histogram(histogram), .percentile(p)):
            return histogram.quantile(p / 100)
        case let (.histogram(histogram), _):
            return histogram.mean
        case let (.gauge(value, _), _):
            return value
        case let (.counter(value), _):
            return value
        }
    }

    /// The number of observations behind the value (trials, histogram count or gauge sample size),
    /// or nil when unknown.
    public var sampleSize: Double? {
        switch self {
        case .noData: return 0
        case let .counts(_, trials): return trials
        case let .histogram(histogram): return histogram.count
        case let .gauge(_, sampleSize): return sampleSize
        case .counter: return nil
        }
    }
}
