/// The metrics the simulated mesh records, with Istio's names and labels, as a value (a snapshot).
public struct MeshMetrics: Sendable, Hashable {
    /// Istio's default request-duration bucket bounds in milliseconds (`+Inf` is implicit).
    public static let durationBuckets: [Double] = [
        1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1_800_000,
        3_600_000,
    ]
    /// The `source_workload` of every simulated request.
    public static let sourceWorkload = "sandbox-traffic"

    /// The identity of one request series (one `istio_requests_total` line).
    public struct SeriesKey: Sendable, Hashable, Comparable {
        /// `destination_workload`.
        public var workload: String
        /// `destination_workload_namespace`.
        public var namespace: String
        /// `destination_service` (fully qualified).
        public var service: String
        /// `destination_version`.
        public var version: String
        /// `response_code`.
        public var responseCode: Int

        /// Creates a key.
        public init(workload: String, namespace: String, service: String, version: String, responseCode: Int) {
            self.workload = workload
            self.namespace = namespace
            self.service = service
            self.version = version
            self.responseCode = responseCode
        }

        public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
            (a.namespace, a.workload, a.service, a.version, a.responseCode)
                < (b.namespace, b.workload, b.service, b.version, b.responseCode)
        }
    }

    /// Counts and durations of one series.
    public struct Series: Sendable, Hashable {
        /// Requests (`istio_requests_total`, `_count`).
        public var count: Int = 0
        /// Sum of durations in ms (`istio_request_duration_milliseconds_sum`).
        public var durationSum: Double = 0
        /// Requests per bucket, NOT cumulative: index i counts durations in (bound[i-1], bound[i]]; the last
        /// element counts those above the largest bound.
        public var bucketCounts: [Int] = Array(repeating: 0, count: MeshMetrics.durationBuckets.count + 1)

        mutating func record(milliseconds: Double) {
            count += 1
            durationSum += milliseconds
            let index = MeshMetrics.durationBuckets.firstIndex { milliseconds <= $0 } ?? MeshMetrics.durationBuckets.count
            bucketCounts[index] += 1
        }

        /// Adds `count` requests at once: their per-bucket counts (not cumulative, summing to `count`) and the sum
        /// of their durations.
        mutating func add(count: Int, buckets: [Int], milliseconds: Double) {
            self.count += count
            durationSum += milliseconds
            for (index, n) in buckets.enumerated() where n > 0 { bucketCounts[index] += n }
        }
    }

    /// The identity of a business counter series.
    public struct RewardKey: Sendable, Hashable, Comparable {
        /// The counter's name (e.g. `books_purchased_total`).
        public var metric: String
        /// `destination_workload`.
        public var workload: String
        /// `destination_workload_namespace`.
        public var namespace: String

        public static func < (a: RewardKey, b: RewardKey) -> Bool {
            (a.metric, a.namespace, a.workload) < (b.metric, b.namespace, b.workload)
        }
    }

    /// Request series.
    public var series: [SeriesKey: Series] = [:]
    /// Business counters.
    public var rewards: [RewardKey: Int] = [:]
    /// Requests no route or no ready workload could take (not exported: Istio would answer 404/503).
    public var unroutedRequests: Int = 0
    /// Whole simulated seconds elapsed.
    public var simulatedSeconds: Int = 0

    /// Requests to `workload` in `namespace`, optionally with one response code.
    public func requests(workload: String, namespace: String = "default", responseCode: Int? = nil) -> Int {
        series.filter { $0.key.workload == workload && $0.key.namespace == namespace }
            .filter { responseCode == nil || $0.key.responseCode == responseCode }
            .reduce(0) { $0 + $1.value.count }
    }

    /// Mean request duration of `workload` in ms, or nil without requests.
    public func meanLatency(workload: String, namespace: String = "default") -> Double? {
        let matching = series.filter { $0.key.workload == workload && $0.key.namespace == namespace }.values
        let count = matching.reduce(0) { $0 + $1.count }
        return count == 0 ? nil : matching.reduce(0) { $0 + $1.durationSum } / Double(count)
    }

    /// The business counter of `workload` (any counter name).
    public func reward(workload: String, namespace: String = "default") -> Int {
        rewards.filter { $0.key.workload == workload && $0.key.namespace == namespace }.reduce(0) { $0 + $1.value }
    }
}
