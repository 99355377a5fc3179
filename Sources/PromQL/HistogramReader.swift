import Experiments

/// Turns a `… by (le)` query's series into histogram buckets.
enum HistogramReader {
    /// One bucket per series, sorted by `le` (`+Inf` last).
    ///
    /// - Throws: ``PrometheusError`` (`unexpectedResult`) for a series without a numeric `le` or a repeated `le`.
    static func buckets(_ series: [Sample], query: String?) throws -> [HistogramBucket] {
        var buckets: [HistogramBucket] = []
        for sample in series {
            guard let text = sample.labels["le"], let bound = upperBound(text) else {
                throw PrometheusError(
                    code: .unexpectedResult, message: "bucket series \(sample.labelText) has no numeric le label; group by (le)",
                    query: query)
            }
            guard !buckets.contains(where: { $0.upperBound == bound }) else {
                throw PrometheusError(
                    code: .unexpectedResult, message: "two series for le=\"\(text)\"; aggregate the other labels away", query: query)
            }
            buckets.append(HistogramBucket(upperBound: bound, cumulativeCount: sample.value))
        }
        return buckets.sorted { $0.upperBound < $1.upperBound }
    }

    static func upperBound(_ text: String) -> Double? {
        switch text {
        case "+Inf", "Inf", "inf", "+inf": .infinity
        default: Double(text)
        }
    }

    /// The sum of observations assuming each lies at its bucket's midpoint (``Histogram/midpointSum(_:)``): what
    /// a quantile-only query can say about the sum.
    static func estimatedSum(_ buckets: [HistogramBucket]) -> Double { Histogram.midpointSum(buckets) }
}
