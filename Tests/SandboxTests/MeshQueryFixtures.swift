import Experiments
import Foundation
import HTTPTransport
import PromQL
@testable import Sandbox

/// A mesh with two workloads of known profiles, and the truth the query API must reproduce.
enum MeshQueryFixtures {
    /// reviews-v1: mean 40 ms (σ 0.8, so several buckets), 5 % errors; reviews-v2: mean 120 ms, 20 % errors,
    /// 0.5 books per successful request. 70/30 split, 100 requests per simulated second.
    static func mesh(historySeconds: Int = 7200) async throws -> SimulatedMesh {
        let store = try await MeshFixtures.store(
            http: [MeshFixtures.split(70, 30)],
            v1Annotations: [
                WorkloadProfile.latencyAnnotation: "40", WorkloadProfile.sigmaAnnotation: "0.8",
                WorkloadProfile.errorRateAnnotation: "0.05",
            ],
            v2Annotations: [
                WorkloadProfile.latencyAnnotation: "120", WorkloadProfile.errorRateAnnotation: "0.2",
                WorkloadProfile.rewardAnnotation: "0.5",
            ])
        let configuration = MeshConfiguration(
            requestsPerSecond: 100, seed: 3, epoch: Date(timeIntervalSince1970: 1_700_000_000), historySeconds: historySeconds)
        return SimulatedMesh(store: store, configuration: configuration)
    }

    /// A metrics source over `server`'s query API.
    static func source(_ server: MeshMetricsServer) -> PrometheusMetricsSource {
        PrometheusMetricsSource(client: client(server))
    }

    static func client(_ server: MeshMetricsServer) -> PrometheusClient {
        let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
        return PrometheusClient(baseURL: server.prometheusURL, transport: transport)
    }

    /// `reviews-v1`/`reviews-v2` with `namespace` = `default`.
    static func version(_ name: String) -> VersionSpec {
        VersionSpec(name: name, variables: [.init(name: "namespace", value: "default")])
    }

    /// What the mesh recorded for one workload, summed over response codes.
    struct Truth {
        var requests: Double
        var errors: Double
        var durationSum: Double
        var buckets: [HistogramBucket]
        var reward: Double

        init(_ metrics: MeshMetrics, workload: String) {
            let series = metrics.series.filter { $0.key.workload == workload && $0.key.namespace == "default" }
            requests = Double(series.values.reduce(0) { $0 + $1.count })
            errors = Double(series.filter { $0.key.responseCode >= 500 }.values.reduce(0) { $0 + $1.count })
            durationSum = series.values.reduce(0) { $0 + $1.durationSum }
            var counts = Array(repeating: 0, count: MeshMetrics.durationBuckets.count + 1)
            for value in series.values {
                for (index, count) in value.bucketCounts.enumerated() { counts[index] += count }
            }
            var cumulative = 0
            buckets = zip(MeshMetrics.durationBuckets + [.infinity], counts).map { bound, count in
                cumulative += count
                return HistogramBucket(upperBound: bound, cumulativeCount: Double(cumulative))
            }
            reward = Double(metrics.reward(workload: workload))
        }

        /// The difference `self − earlier` (a window's truth).
        func minus(_ earlier: Truth) -> Truth {
            var result = self
            result.requests -= earlier.requests
            result.errors -= earlier.errors
            result.durationSum -= earlier.durationSum
            result.reward -= earlier.reward
            result.buckets = zip(buckets, earlier.buckets).map {
                HistogramBucket(upperBound: $0.upperBound, cumulativeCount: $0.cumulativeCount - $1.cumulativeCount)
            }
            return result
        }
    }

    /// |a − b| within `relative` of b (sums of floating-point durations are added in another order).
    static func close(_ a: Double, _ b: Double, _ relative: Double = 1e-9) -> Bool {
        abs(a - b) <= relative * max(1, abs(b))
    }
}
