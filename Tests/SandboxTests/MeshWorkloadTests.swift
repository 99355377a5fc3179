import Foundation
import Kubernetes
@testable import Sandbox
import Testing

@Suite("Simulated workloads behave as their annotations say")
struct MeshWorkloadTests {
    @Test("error rate, mean latency and business events match the annotations")
    func behaviour() async throws {
        let store = try await MeshFixtures.store(
            http: [MeshFixtures.split(100, 0)],
            v1Annotations: [
                WorkloadProfile.latencyAnnotation: "120", WorkloadProfile.errorRateAnnotation: "0.1",
                WorkloadProfile.rewardAnnotation: "0.05",
            ])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 200, seed: 17))
        try await mesh.advance(simulatedSeconds: 100)
        let metrics = await mesh.metrics
        let n = 20_000
        #expect(metrics.requests(workload: "reviews-v1") == n)
        // Errors ~ Binomial(20000, 0.1): σ ≈ 42; allow 4σ (±0.0085 on the rate).
        let errors = metrics.requests(workload: "reviews-v1", responseCode: 500)
        #expect(abs(errors - 2000) <= 170, "\(errors) errors")
        // Log-normal, mean 120, σ_ln 0.5: sd ≈ 64 ms, standard error ≈ 0.45 ms; allow 3 ms (≈ 6.6 SE).
        let mean = try #require(metrics.meanLatency(workload: "reviews-v1"))
        #expect(abs(mean - 120) <= 3, "mean latency \(mean)")
        // Events ~ Binomial(≈18000 successes, 0.05): mean ≈ 900, σ ≈ 29; allow ±120.
        let reward = metrics.reward(workload: "reviews-v1")
        #expect(abs(reward - 900) <= 120, "reward \(reward)")
    }

    @Test("defaults apply without annotations or with invalid ones")
    func defaults() {
        let plain = WorkloadProfile(deployment: MeshFixtures.deployment("v1"))
        #expect(plain == WorkloadProfile())
        let invalid = WorkloadProfile(deployment: MeshFixtures.deployment("v1", annotations: [
            WorkloadProfile.latencyAnnotation: "-4", WorkloadProfile.errorRateAnnotation: "2",
            WorkloadProfile.rewardAnnotation: "lots", WorkloadProfile.rewardMetricAnnotation: "9 bad",
        ]))
        #expect(invalid == WorkloadProfile())
        let custom = WorkloadProfile(deployment: MeshFixtures.deployment("v1", annotations: [
            WorkloadProfile.latencyAnnotation: "80", WorkloadProfile.rewardMetricAnnotation: "songs_played_total",
        ]))
        #expect(custom.meanLatencyMilliseconds == 80)
        #expect(custom.rewardMetric == "songs_played_total")
    }
}
