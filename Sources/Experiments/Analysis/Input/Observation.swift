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

    /// The largest count (requests, events, histogram count, sample size) an observation may hold: a trillion,
    /// far beyond any real window, and small enough that every engine's arithmetic on it stays exact and quick.
    public static let maxCount = 1e12

    /// The largest magnitude of a value (a gauge, a counter, a histogram's sum or bucket bound).
    public static let maxValue = 1e300

    /// Why no engine can take this observation, or nil when it is plausible.
    public var implausibility: String? {
        // Negative counts pass (a query subtracting counters can return one; the engines read it as no data).
        func count(_ value: Double, _ what: String) -> String? {
            value.isFinite && abs(value) <= Self.maxCount ? nil : "\(what) \(value) is not finite or exceeds 1e12"
        }
        func finite(_ value: Double, _ what: String) -> String? {
            value.isFinite && abs(value) <= Self.maxValue ? nil : "\(what) \(value) is not finite or exceeds 1e300"
        }
        switch self {
        case .noData: return nil
        case let .counts(events, trials):
            return count(trials, "trials") ?? count(events, "events")
        case let .histogram(histogram):
            if histogram.buckets.count > 10_000 { return "\(histogram.buckets.count) histogram buckets (at most 10,000)" }
            return count(histogram.count, "histogram count") ?? finite(histogram.sum, "histogram sum")
                ?? histogram.buckets.lazy.compactMap { count($0.cumulativeCount, "bucket count") ?? ($0.upperBound.isNaN ? "a bucket bound is NaN" : nil) }.first
        case let .gauge(value, sampleSize):
            return finite(value, "value") ?? sampleSize.flatMap { count($0, "sample size") }
        case let .counter(value):
            return finite(value, "counter")
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
