import Experiments
import Foundation
import GatewayAPI
import Kubernetes
import Sandbox
import Testing
import TestSupport

@Suite("HTTPRouteRouter with the production REST client against the Sandbox API server over mTLS")
struct HTTPRouteRouterSandboxTests {
    let canary = Fixtures.experiment(routing: .httpRoute(Fixtures.spec(.named("canary"), backendRefs: Fixtures.services)))
    let ab = Fixtures.experiment(routing: .httpRoute(Fixtures.spec(.named("ab"), backendRefs: Fixtures.services)))

    /// A sandbox holding the HTTPRoute of `manifest`, and a REST client for it.
    func withCluster<T: Sendable>(_ manifest: String = Fixtures.canaryManifest, _ body: (RESTKubernetesClient) async throws -> T)
        async throws -> T
    {
        try await TemporarySandbox.with(SandboxConfiguration(namespaces: SandboxStore.initialNamespaces + ["bookinfo"])) { sandbox in
            let client = RESTKubernetesClient(connection: try KubeConfig.load(file: sandbox.kubeconfigPath).connection())
            _ = try await client.create(.httpRoute("v1"), namespace: "bookinfo", object: Fixtures.object(manifest))
            return try await body(client)
        }
    }

    @Test("discovers v1, applies a split with a JSON patch, reads it back, and keeps every other field")
    func applySplit() async throws {
        try await withCluster { client in
            let router = HTTPRouteRouter(client: client)
            #expect(try await router.apiVersion() == "v1")
            #expect(try await router.currentSplit(for: canary) == ["v1": 90, "v2": 10])
            #expect(try await router.apply(["v1": 25, "v2": 75], for: canary) == ["v1": 25, "v2": 75])
            let stored = try await client.get(.httpRoute("v1"), namespace: "bookinfo", name: "reviews")
            let original = try Fixtures.object(Fixtures.canaryManifest)
            #expect(Fixtures.withoutWeights(stored["spec"]!) == Fixtures.withoutWeights(original["spec"]!))
            #expect(stored["metadata"]?["annotations"] == original["metadata"]?["annotations"])
            #expect(try await router.currentSplit(for: canary) == ["v1": 25, "v2": 75])
        }
    }

    @Test("a patch made from a stale read fails its test operation on the server instead of overwriting")
    func staleTestRejected() async throws {
        try await withCluster { client in
            let router = HTTPRouteRouter(client: client)
            let (stale, binding) = try await router.locate(canary)
            try await router.apply(["v1": 60, "v2": 40], for: canary)  // someone else moves the weights
            let edit = try RuleEditor.split(["v1": 0, "v2": 100], binding: binding, in: stale)
            let error = try await #require(throws: KubeError.self) {
                try await client.patch(.httpRoute("v1"), namespace: "bookinfo", name: "reviews", patch: edit.jsonPatch)
            }
            #expect(error.code == .invalid || error.code == .conflict)
            #expect(try await router.currentSplit(for: canary) == ["v1": 60, "v2": 40])
        }
    }

    @Test("A/B promotion through the Sandbox removes the header rule and sends the default rule to the winner")
    func promoteAB() async throws {
        try await withCluster(Fixtures.abManifest) { client in
            let router = HTTPRouteRouter(client: client)
            try await router.apply(["v1": 10, "v2": 90], for: ab)
            #expect(try await router.promote("v2", for: ab) == ["v1": 0, "v2": 100])
            let stored = try HTTPRoute(await client.get(.httpRoute("v1"), namespace: "bookinfo", name: "reviews"))
            #expect(stored.rules.map(\.name) == ["static", "default"])
            #expect(stored.rules[1].backendRefs.map(\.weight) == [0, 100])
        }
    }
}
