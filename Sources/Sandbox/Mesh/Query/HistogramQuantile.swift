/// Prometheus' `histogram_quantile` over classic buckets: linear interpolation within the bucket where the
/// rank falls (from 0 for the first bucket when its bound is positive), the second-highest bound when the
/// rank falls into `+Inf`, NaN without a `+Inf` bucket, with fewer than two buckets or no observations.
/// Buckets with the same bound are added up, and counts are made monotonic first, as Prometheus does.
enum HistogramQuantile {
    /// The `q` quantile of `buckets` (upper bound, cumulative count), in any order.
    static func quantile(_ q: Double, _ buckets: [(upperBound: Double, count: Double)]) -> Double {
        if q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        var sorted: [(upperBound: Double, count: Double)] = []
        for bucket in buckets.sorted(by: { $0.upperBound < $1.upperBound }) {
            if let last = sorted.last, last.upperBound == bucket.upperBound {
                sorted[sorted.count - 1].count += bucket.count
            } else {
                sorted.append(bucket)
            }
        }
        guard sorted.count >= 2, sorted[sorted.count - 1].upperBound == .infinity else { return .nan }
        for index in sorted.indices.dropFirst() where sorted[index].count < sorted[index - 1].count {
            sorted[index].count = sorted[index - 1].count
        }
        let observations = sorted[sorted.count - 1].count
        guard observations > 0 else { return .nan }
        var rank = q * observations
        let b = sorted.firstIndex { $0.count >= rank } ?? sorted.count - 1
        if b == sorted.count - 1 { return sorted[sorted.count - 2].upperBound }
        if b == 0 && sorted[0].upperBound <= 0 { return sorted[0].upperBound }
        var bucketStart = 0.0
        let bucketEnd = sorted[b].upperBound
        var count = sorted[b].count
        if b > 0 {
            bucketStart = sorted[b - 1].upperBound
            count -= sorted[b - 1].count
            rank -= sorted[b - 1].count
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count)
    }
}
