import Foundation
import Sandbox
import Testing

@Suite("The demo cluster in samples/demo/cluster")
struct SampleClusterTests {
    static let cluster = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/demo/cluster")

    @Test("loads into the Sandbox, and the mesh sends each service's traffic to its v1 at weights 100/0")
    func routes() async throws {
        let store = SandboxStore()
        let applied = try await SandboxManifests.apply(paths: [Self.cluster.path], to: store)
        for name in ["reviews", "ratings", "details"] {
            #expect(applied.contains("VirtualService bookinfo/\(name)"))
            #expect(applied.contains("DestinationRule bookinfo/\(name)"))
            #expect(applied.contains("Service bookinfo/\(name)"))
        }
        #expect(applied.contains("HTTPRoute bookinfo/productpage"))
        #expect(applied.first == "Namespace bookinfo")
        // 1 Namespace, 9 Deployments, 6 Services, 3 DestinationRules, 3 VirtualServices, 1 HTTPRoute
        #expect(applied.count == 23)
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 20, seed: 4))
        try await mesh.advance(simulatedSeconds: 10)
        let metrics = await mesh.metrics
        #expect(metrics.unroutedRequests == 0)
        #expect(try await mesh.ignoredHTTPRoutes().isEmpty)
        for workload in ["reviews-v1", "ratings-v1", "details-v1", "productpage-v1"] {
            #expect(metrics.requests(workload: workload, namespace: "bookinfo") == 200, "\(workload)")
        }
        for workload in ["reviews-v2", "ratings-v2", "details-v2", "details-v3", "productpage-v2"] {
            #expect(metrics.requests(workload: workload, namespace: "bookinfo") == 0, "\(workload)")
        }
        #expect(metrics.requests(workload: "ratings-v1", namespace: "bookinfo", responseCode: 500) == 0)
        #expect(metrics.reward(workload: "details-v1", namespace: "bookinfo") > 0)
        #expect(abs((metrics.meanLatency(workload: "reviews-v1", namespace: "bookinfo") ?? 0) - 50) < 10)
    }

    @Test("the bookinfo sample's cluster loads too; both reviews routes (jason's and the default) go to v1")
    func bookinfo() async throws {
        let folder = Self.cluster.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bookinfo/cluster")
        let store = SandboxStore()
        let applied = try await SandboxManifests.apply(paths: [folder.path], to: store)
        #expect(applied.count == 7)  // Namespace, 3 Deployments, Service, DestinationRule, VirtualService
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 50, seed: 6, testHeaderShare: 0.5))
        try await mesh.advance(simulatedSeconds: 4)
        let metrics = await mesh.metrics
        #expect(metrics.unroutedRequests == 0)
        #expect(metrics.requests(workload: "reviews-v1", namespace: "bookinfo") == 200)
    }

    @Test("the Gateway API sample's cluster loads; its HTTPRoute sends jason's requests to v2 and the rest to v1")
    func gatewayAPI() async throws {
        let folder = Self.cluster.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("gateway-api/cluster")
        let store = SandboxStore()
        let applied = try await SandboxManifests.apply(paths: [folder.path], to: store)
        #expect(applied.first == "Namespace gamma")
        #expect(applied.contains("HTTPRoute gamma/reviews"))
        #expect(applied.count == 7)  // Namespace, 2 Deployments, 3 Services, HTTPRoute
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 50, seed: 6, testHeaderShare: 0.1))
        try await mesh.advance(simulatedSeconds: 20)
        let metrics = await mesh.metrics
        #expect(try await mesh.ignoredHTTPRoutes().isEmpty)
        #expect(metrics.unroutedRequests == 0)
        let v2 = metrics.requests(workload: "reviews-v2", namespace: "gamma")
        #expect(metrics.requests(workload: "reviews-v1", namespace: "gamma") + v2 == 1000)
        #expect(abs(v2 - 100) <= 38, "v2 got \(v2)")  // the tagged requests only: Binomial(1000, 0.1), σ ≈ 9.5; 4σ
    }
}
