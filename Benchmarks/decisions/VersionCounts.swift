/// What the mesh counted for one version over some time: requests, 5xx errors, conversions, and the
/// latency histogram (per-bucket counts over ``LatencyDistribution/bounds`` and the sum).
struct VersionCounts: Sendable {
    var requests = 0.0
    var errors = 0.0
    var conversions = 0.0
    var buckets = [Double](repeating: 0, count: LatencyDistribution.bounds.count)
    var sum = 0.0

    static func += (lhs: inout VersionCounts, rhs: VersionCounts) {
        lhs.requests += rhs.requests
        lhs.errors += rhs.errors
        lhs.conversions += rhs.conversions
        lhs.sum += rhs.sum
        for index in lhs.buckets.indices { lhs.buckets[index] += rhs.buckets[index] }
    }

    /// The cumulative `le` buckets, as `sum(increase(..._bucket[...])) by (le)` returns them.
    var cumulativeBuckets: [(upperBound: Double, count: Double)] {
        var running = 0.0
        return zip(LatencyDistribution.bounds, buckets).map { bound, count in
            running += count
            return (bound, running)
        }
    }
}
