import Foundation
import Kubernetes
@testable import Sandbox
import TestSupport
import Testing

@Suite("Loading manifests into the Sandbox for the mesh")
struct MeshManifestTests {
    static let bookinfo = """
        apiVersion: v1
        kind: Service
        metadata: {name: reviews, namespace: shop}
        spec:
          selector: {app: reviews}
          ports: [{port: 9080}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: reviews-v1
          namespace: shop
          annotations:
            sandbox.iter8.tools/latency-ms: "80"
        spec:
          replicas: 1
          selector: {matchLabels: {app: reviews, version: v1}}
          template:
            metadata: {labels: {app: reviews, version: v1}}
            spec: {containers: [{name: reviews, image: "reviews:v1"}]}
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: reviews, namespace: shop}
        spec:
          hosts: [reviews.shop.svc.cluster.local]
          http:
          - route:
            - destination: {host: reviews}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        """

    @Test("multi-document YAML in a folder applies Namespaces first; the mesh routes through a plain Service")
    func folder() async throws {
        let directory = try TemporaryDirectory()
        try Data(Self.bookinfo.utf8).write(to: directory.url.appendingPathComponent("bookinfo.yaml"))
        try Data("ignored".utf8).write(to: directory.url.appendingPathComponent("README.md"))
        let store = SandboxStore()
        let applied = try await SandboxManifests.apply(paths: [directory.url.path], to: store)
        #expect(applied == [
            "Namespace shop", "Service shop/reviews", "Deployment shop/reviews-v1", "VirtualService shop/reviews",
        ])
        let deployment = try await store.get(.deployment, namespace: "shop", name: "reviews-v1")
        #expect(deployment["spec"]?["replicas"] == .integer(1))
        // Applying again replaces instead of failing.
        #expect(try await SandboxManifests.apply(paths: [directory.url.path], to: store).count == 4)

        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 4))
        try await mesh.advance(simulatedSeconds: 5)
        let metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v1", namespace: "shop") == 50)
        #expect(metrics.series.keys.allSatisfy { $0.service == "reviews.shop.svc.cluster.local" && $0.version == "v1" })
    }

    @Test("an unknown kind and a missing file are errors naming the file")
    func errors() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("job.yaml")
        try Data("apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n".utf8).write(to: file)
        let store = SandboxStore()
        let unknown = await #expect(throws: SandboxError.self) { try await SandboxManifests.apply(paths: [file.path], to: store) }
        #expect(unknown?.code == .manifest)
        #expect(unknown?.message.contains(file.path) == true)
        let missing = await #expect(throws: SandboxError.self) {
            try await SandboxManifests.apply(paths: [directory.url.path + "/nope.yaml"], to: store)
        }
        #expect(missing?.message.contains("nope.yaml") == true)
    }
}
