/// A cumulative histogram as Prometheus exposes it (for example Istio's
/// `istio_request_duration_milliseconds`), aggregated over the experiment so far.
public struct Histogram: Codable, Sendable, Hashable {
    /// Buckets in increasing `upperBound` order; cumulative counts never decrease. The last bucket may
    /// have an infinite upper bound (`le="+Inf"`).
    public var buckets: [HistogramBucket]
    /// The sum of all observed values.
    public var sum: Double
    /// The number of observations (equals the `+Inf` bucket's cumulative count when that exists).
    public var count: Double

    /// Creates a histogram.
    public init(buckets: [HistogramBucket], sum: Double, count: Double) {
        self.buckets = buckets
        self.sum = sum
        self.count = count
    }

    /// The mean observation, sum / count, or nil without observations.
    public var mean: Double? {
        count > 0 ? sum / count : nil
    }

    /// The per-bucket (non-cumulative) counts, in bucket order, never negative.
    public var bucketCounts: [Double] {
        var previous = 0.0
        return buckets.map { bucket in
            defer { previous = max(previous, bucket.cumulativeCount) }
            return max(0, bucket.cumulativeCount - previous)
        }
    }

    /// The lower edge of bucket `index`: the previous upper bound, or 0 for the first bucket when its
    /// upper bound is positive (Prometheus' `histogram_quantile` convention).
    public func lowerBound(of index: Int) -> Double {
        if index > 0 { return buckets[index - 1].upperBound }
        return min(0, buckets[0].upperBound)
    }

    /// The `q`-quantile (0 ≤ q ≤ 1) by linear interpolation inside the bucket, as Prometheus'
    /// `histogram_quantile` does: in the `+Inf` bucket the answer is the highest finite upper bound.
    /// Nil when there are no observations or no buckets.
    public func quantile(_ q: Double) -> Double? {
        let counts = bucketCounts
        let total = counts.reduce(0, +)
        guard total > 0 else { return nil }
        return Self.quantile(q, probabilities: counts.map { $0 / total }, histogram: self)
    }

    /// The sum of observations in `buckets` assuming each lies at its bucket's midpoint (the `+Inf` bucket's at the
    /// highest finite bound): what the buckets alone can say about the sum, for a histogram read without its `_sum`.
    public static func midpointSum(_ buckets: [HistogramBucket]) -> Double {
        var sum = 0.0
        var previousBound = 0.0
        var previousCount = 0.0
        for bucket in buckets {
            let count = max(0, bucket.cumulativeCount - previousCount)
            let point = bucket.upperBound.isFinite ? (min(previousBound, bucket.upperBound) + bucket.upperBound) / 2 : previousBound
            sum += count * point
            if bucket.upperBound.isFinite { previousBound = bucket.upperBound }
            previousCount = max(previousCount, bucket.cumulativeCount)
        }
        return sum
    }

    /// The `q`-quantile of a distribution with the given per-bucket `probabilities` over this
    /// histogram's buckets (used with Dirichlet draws of those probabilities).
    static func quantile(_ q: Double, probabilities: [Double], histogram: Histogram) -> Double {
        var cumulative = 0.0
        for index in probabilities.indices {
            let next = cumulative + probabilities[index]
            if next >= q && probabilities[index] > 0 {
                let upper = histogram.buckets[index].upperBound
                if !upper.isFinite {
                    return index > 0 ? histogram.buckets[index - 1].upperBound : 0
                }
                let lower = histogram.lowerBound(of: index)
                return lower + (upper - lower) * (q - cumulative) / probabilities[index]
            }
            cumulative = next
        }
        let last = histogram.buckets.last { $0.upperBound.isFinite }
        return last?.upperBound ?? 0
    }
}

/// One histogram bucket: the number of observations ≤ `upperBound` (Prometheus' `le` label).
public struct HistogramBucket: Codable, Sendable, Hashable {
    /// The bucket's inclusive upper bound (may be `.infinity`).
    public var upperBound: Double
    /// The number of observations ≤ `upperBound`.
    public var cumulativeCount: Double

    /// Creates a bucket.
    public init(upperBound: Double, cumulativeCount: Double) {
        self.upperBound = upperBound
        self.cumulativeCount = cumulativeCount
    }
}
