import Experiments
import Foundation
import Istio
import Kubernetes
import Sandbox
import Testing
import TestSupport

@Suite("IstioRouter with the production REST client against the Sandbox API server over mTLS")
struct IstioRouterSandboxTests {
    let versions = Fixtures.versions(["v1", "v2"])

    /// A sandbox holding the reviews VirtualService (as `file`) and DestinationRule, and a REST client for it.
    func withCluster<T: Sendable>(_ file: String = "reviews-vs.json", _ body: (RESTKubernetesClient) async throws -> T) async throws -> T {
        try await TemporarySandbox.with(SandboxConfiguration(namespaces: SandboxStore.initialNamespaces + ["bookinfo"])) { sandbox in
            let client = RESTKubernetesClient(connection: try KubeConfig.load(file: sandbox.kubeconfigPath).connection())
            var virtualService = try Golden.json(file)
            virtualService["metadata"]?["resourceVersion"] = nil
            let version = virtualService["apiVersion"]?.stringValue?.split(separator: "/").last.map(String.init) ?? "v1beta1"
            _ = try await client.create(.virtualService(version), namespace: "bookinfo", object: virtualService)
            _ = try await client.create(.destinationRule("v1beta1"), namespace: "bookinfo", object: Golden.json("reviews-dr.json"))
            return try await body(client)
        }
    }

    @Test("discovers v1, applies a split with a JSON patch, reads it back, and keeps every other field")
    func applySplit() async throws {
        try await withCluster { client in
            let router = IstioRouter(client: client)
            #expect(try await router.apiVersion() == "v1")
            let experiment = Fixtures.experiment(versions, routing: Fixtures.route("primary"))
            #expect(try await router.apply(["v1": 25, "v2": 75], for: experiment) == ["v1": 25, "v2": 75])
            let stored = try await client.get(.virtualService("v1"), namespace: "bookinfo", name: "reviews")
            let original = try Golden.json("reviews-vs.json")
            #expect(Fixtures.withoutWeights(stored["spec"]!) == Fixtures.withoutWeights(original["spec"]!))
            #expect(stored["metadata"]?["annotations"] == original["metadata"]?["annotations"])
            #expect(try await router.currentSplit(for: experiment) == ["v1": 25, "v2": 75])
        }
    }

    @Test("a patch made from a stale read fails its test operation on the server instead of overwriting")
    func staleTestRejected() async throws {
        try await withCluster { client in
            let experiment = Fixtures.experiment(versions, routing: Fixtures.route("primary"))
            let router = IstioRouter(client: client)
            let (stale, binding) = try await router.locate(experiment)
            try await router.apply(["v1": 60, "v2": 40], for: experiment)  // someone else moves the weights
            let edit = try RouteEditor.split(["v1": 0, "v2": 100], binding: binding, in: stale)
            let error = try await #require(throws: KubeError.self) {
                try await client.patch(.virtualService("v1"), namespace: "bookinfo", name: "reviews", patch: edit.jsonPatch)
            }
            #expect(error.code == .invalid || error.code == .conflict)
            #expect(try await router.currentSplit(for: experiment) == ["v1": 60, "v2": 40])
        }
    }

    @Test("A/B promotion through the Sandbox removes the match route and routes the default to the winner")
    func promoteAB() async throws {
        try await withCluster("reviews-ab-vs.json") { client in
            let router = IstioRouter(client: client)
            let experiment = Fixtures.experiment(
                versions, routing: Fixtures.route(match: [HTTPMatch(headers: ["user": StringMatch(exact: "jason")])]))
            try await router.apply(["v1": 10, "v2": 90], for: experiment)
            try await router.promote("v2", for: experiment)
            let stored = try VirtualService(await client.get(.virtualService("v1"), namespace: "bookinfo", name: "reviews"))
            #expect(stored.http.map(\.name) == ["default"])
            #expect(stored.http[0].destinations.map(\.subset) == ["v2"])
            #expect(stored.http[0].object["timeout"] == "5s")
        }
    }
}
