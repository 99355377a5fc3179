import Experiments
import Foundation
import Kubernetes
@testable import Sandbox
import Testing

@Suite("Simulated mesh routing follows the live VirtualService")
struct MeshRoutingTests {
    @Test("a 90/10 split gives 90/10 request counts within 4 binomial standard deviations")
    func weightedSplit() async throws {
        let store = try await MeshFixtures.store(http: [MeshFixtures.split(90, 10)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 42))
        try await mesh.advance(simulatedSeconds: 100)
        let metrics = await mesh.metrics
        let n = 10_000
        let v2 = metrics.requests(workload: "reviews-v2")
        #expect(metrics.requests(workload: "reviews-v1") + v2 == n)
        // Binomial(10000, 0.1): mean 1000, σ = 30; allow 4σ.
        #expect(abs(v2 - 1000) <= 120, "v2 got \(v2) of \(n)")
        #expect(metrics.simulatedSeconds == 100)
        #expect(metrics.unroutedRequests == 0)
    }

    @Test("a header match route sends only matching requests to the candidate")
    func headerMatch() async throws {
        let store = try await MeshFixtures.store(
            http: [MeshFixtures.headerRoute(["exact": "jason"]), MeshFixtures.split(100, 0)])
        let mesh = SimulatedMesh(
            store: store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 3, testHeaderShare: 0.2))
        try await mesh.advance(simulatedSeconds: 50)
        let metrics = await mesh.metrics
        let v2 = metrics.requests(workload: "reviews-v2")
        #expect(metrics.requests(workload: "reviews-v1") + v2 == 5000)
        // Only tagged requests (Binomial(5000, 0.2): mean 1000, σ ≈ 28) reach v2; allow 4σ.
        #expect(abs(v2 - 1000) <= 113, "v2 got \(v2)")

        // Per request: the route is taken exactly when the header matches.
        let virtualService = try await store.get(.virtualService(), namespace: "default", name: "reviews")
        var generator = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            #expect(MeshRouter.route(virtualService, headers: [:], using: &generator)?.subset == "v1")
            #expect(MeshRouter.route(virtualService, headers: ["end-user": "jason"], using: &generator)?.subset == "v2")
            #expect(MeshRouter.route(virtualService, headers: ["end-user": "jasonx"], using: &generator)?.subset == "v1")
        }
    }

    static let conditions: [(JSONValue, String, Bool)] = [
        (["prefix": "jas"], "jason", true), (["prefix": "jas"], "bob", false),
        (["regex": "ja.*n"], "jason", true), (["regex": "ja"], "jason", false), (["exact": "jason"], "Jason", false),
    ]

    @Test("prefix and regex header conditions", arguments: conditions)
    func headerConditions(condition: JSONValue, value: String, routed: Bool) {
        let virtualService = MeshFixtures.virtualService(http: [MeshFixtures.headerRoute(condition), MeshFixtures.split(100, 0)])
        var generator = SeededGenerator(seed: 1)
        let subset = MeshRouter.route(virtualService, headers: ["end-user": value], using: &generator)?.subset
        #expect(subset == (routed ? "v2" : "v1"))
    }

    @Test("a Deployment that is not ready gets no traffic; once ready it does")
    func notReady() async throws {
        let store = try await MeshFixtures.store(http: [MeshFixtures.split(50, 50)])
        await store.holdDeployment(namespace: "default", name: "reviews-v2")
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 5))
        try await mesh.advance(simulatedSeconds: 10)
        var metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v2") == 0)
        let v1 = metrics.requests(workload: "reviews-v1")
        #expect(v1 + metrics.unroutedRequests == 1000)
        #expect(abs(v1 - 500) <= 64, "v1 got \(v1)")  // Binomial(1000, 0.5): σ ≈ 16; 4σ
        #expect(!metrics.exposition().contains("reviews-v2"))

        await store.releaseDeployment(namespace: "default", name: "reviews-v2")
        try await mesh.advance(simulatedSeconds: 10)
        metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v2") > 400)
    }

    @Test("changing the VirtualService weights in the store changes subsequent routing")
    func liveWeights() async throws {
        let store = try await MeshFixtures.store(http: [MeshFixtures.split(100, 0)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 50, seed: 9))
        try await mesh.advance(simulatedSeconds: 10)
        let before = await mesh.metrics
        #expect(before.requests(workload: "reviews-v1") == 500)
        #expect(before.requests(workload: "reviews-v2") == 0)

        var virtualService = try await store.get(.virtualService(), namespace: "default", name: "reviews")
        virtualService["spec"]?["http"] = [MeshFixtures.split(0, 100)]
        _ = try await store.update(.virtualService(), namespace: "default", object: virtualService)
        try await mesh.advance(simulatedSeconds: 10)
        let after = await mesh.metrics
        #expect(after.requests(workload: "reviews-v1") == 500)
        #expect(after.requests(workload: "reviews-v2") == 500)
    }

    @Test("fractions of simulated seconds carry over; the same seed gives the same metrics")
    func timeAndDeterminism() async throws {
        let store = try await MeshFixtures.store(http: [MeshFixtures.split(70, 30)], v2Annotations: [
            WorkloadProfile.errorRateAnnotation: "0.1"
        ])
        let first = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 20, timeScale: 10, seed: 11))
        let second = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 20, seed: 11))
        for _ in 0..<4 { try await first.advance(realSeconds: 0.25) }  // 4 × 2.5 = 10 simulated seconds
        for _ in 0..<20 { try await second.advance(simulatedSeconds: 0.5) }
        let a = await first.metrics
        let b = await second.metrics
        #expect(a.simulatedSeconds == 10)
        #expect(a == b)
        let other = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 20, seed: 12))
        try await other.advance(simulatedSeconds: 10)
        #expect(await other.metrics != a)
    }
}
