import Foundation
import Kubernetes
@testable import Sandbox
import Testing

@Suite("The mesh's topology index follows every write to the store")
struct MeshTopologyTests {
    @Test("a DestinationRule's subset labels, a deleted Service and a deleted VirtualService change routing at once")
    func incrementalUpdates() async throws {
        let store = try await MeshFixtures.store(http: [MeshFixtures.split(100, 0)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 20, seed: 2))
        try await mesh.advance(simulatedSeconds: 5)
        #expect(await mesh.metrics.requests(workload: "reviews-v1") == 100)

        // Subset v1 now selects the v2 pods.
        var rule = try await store.get(.destinationRule(), namespace: "default", name: "reviews")
        rule["spec"]?["subsets"] = [["name": "v1", "labels": ["version": "v2"]]]
        _ = try await store.update(.destinationRule(), namespace: "default", object: rule)
        try await mesh.advance(simulatedSeconds: 5)
        var metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v1") == 100)
        #expect(metrics.requests(workload: "reviews-v2") == 100)

        // Without the Service, subset v1's labels alone (version=v2) still select reviews-v2.
        try await store.delete(.service, namespace: "default", name: "reviews")
        try await mesh.advance(simulatedSeconds: 5)
        metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v2") == 200)

        try await store.delete(.virtualService(), namespace: "default", name: "reviews")
        try await mesh.advance(simulatedSeconds: 5)
        metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v1") + metrics.requests(workload: "reviews-v2") == 300)
        #expect(metrics.unroutedRequests == 0)
    }

    @Test("more writes between two seconds than the store's change history holds: the mesh reads everything again")
    func beyondHistory() async throws {
        let store = try await MeshFixtures.store(http: [MeshFixtures.split(100, 0)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 4))
        try await mesh.advance(simulatedSeconds: 1)
        var virtualService = try await store.get(.virtualService(), namespace: "default", name: "reviews")
        for round in 0..<(SandboxStore.historyCapacity + 10) {
            virtualService = try await store.get(.virtualService(), namespace: "default", name: "reviews")
            virtualService["spec"]?["http"] = [round.isMultiple(of: 2) ? MeshFixtures.split(100, 0) : MeshFixtures.split(0, 100)]
            _ = try await store.update(.virtualService(), namespace: "default", object: virtualService)
        }
        let feed = await store.mirrorFeed(of: MeshTopology.resources, after: 1)
        #expect(feed.complete)
        try await mesh.advance(simulatedSeconds: 3)
        let metrics = await mesh.metrics
        // The last write (an odd round) sends everything to v2.
        #expect(metrics.requests(workload: "reviews-v1") == 10)
        #expect(metrics.requests(workload: "reviews-v2") == 30)
    }

    @Test("a thousand services: each VirtualService's traffic reaches its own workloads, and only those")
    func manyServices() async throws {
        let store = SandboxStore()
        for index in 0..<1000 {
            let app = "svc-\(index)"
            let labels: JSONValue = ["app": .string(app)]
            _ = try await store.create(.service, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(app), "namespace": "default"],
                "spec": ["selector": labels, "ports": [["port": 9080]]],
            ])
            _ = try await store.create(.deployment, namespace: "default", object: [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(app), "namespace": "default"],
                "spec": ["replicas": 1, "selector": ["matchLabels": labels], "template": ["metadata": ["labels": labels]]],
            ])
            _ = try await store.create(.virtualService(), namespace: "default", object: [
                "apiVersion": "networking.istio.io/v1beta1", "kind": "VirtualService",
                "metadata": ["name": .string(app), "namespace": "default"],
                "spec": ["hosts": [.string(app)], "http": [["route": [["destination": ["host": .string(app)]]]]]],
            ])
        }
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 6))
        try await mesh.advance(simulatedSeconds: 3)
        let metrics = await mesh.metrics
        #expect(metrics.series.count == 1000)
        #expect(metrics.series.values.allSatisfy { $0.count == 30 })
        #expect(metrics.series.keys.allSatisfy { $0.service.hasPrefix($0.workload + ".default.") })
    }
}
