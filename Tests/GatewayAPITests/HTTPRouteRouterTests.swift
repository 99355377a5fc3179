import Experiments
import GatewayAPI
import Kubernetes
import Testing
import TestSupport

@Suite("HTTPRouteRouter reads the live HTTPRoute, patches only weights and verifies by reading back")
struct HTTPRouteRouterTests {
    let canary = Fixtures.experiment(routing: .httpRoute(Fixtures.spec(.named("canary"), backendRefs: Fixtures.services)))
    let ab = Fixtures.experiment(routing: .httpRoute(Fixtures.spec(.named("ab"), backendRefs: Fixtures.services)))

    func cluster(served: [String] = ["v1", "v1beta1"], manifest: String = Fixtures.canaryManifest) async throws -> InMemoryKubernetesClient {
        let client = InMemoryKubernetesClient(servedVersions: [HTTPRouteRouter.group: served], defaultNamespace: "bookinfo")
        try await client.seed(.httpRoute(served.first ?? "v1"), Fixtures.object(manifest))
        await client.clearActions()
        return client
    }

    @Test("discovery prefers v1, then v1beta1; nothing usable is an error")
    func discovery() async throws {
        #expect(try await HTTPRouteRouter(client: cluster()).apiVersion() == "v1")
        #expect(try await HTTPRouteRouter(client: cluster(served: ["v1alpha2", "v1beta1"])).apiVersion() == "v1beta1")
        let none = try await cluster(served: ["v1alpha2"])
        let error = try await #require(throws: GatewayAPIError.self) { try await HTTPRouteRouter(client: none).apiVersion() }
        #expect(error.code == .unsupportedAPIVersion)
    }

    @Test("apply patches the weights with test operations, reads back, and leaves the rest of the object alone")
    func apply() async throws {
        let client = try await cluster(served: ["v1beta1"])
        let router = HTTPRouteRouter(client: client)
        #expect(try await router.currentSplit(for: canary) == ["v1": 90, "v2": 10])
        #expect(try await router.apply(["v1": 30, "v2": 70], for: canary) == ["v1": 30, "v2": 70])
        let writes = await client.writes
        #expect(writes.count == 1 && writes.first?.type.version == "v1beta1")
        guard case .json(let operations)? = writes.first?.patch else {
            Issue.record("expected one JSON patch, got \(writes)")
            return
        }
        #expect(operations.map(\.op) == ["test", "replace", "test", "replace"])
        let stored = try #require(await client.object(.httpRoute("v1"), namespace: "bookinfo", name: "reviews"))
        let original = try Fixtures.object(Fixtures.canaryManifest)
        #expect(Fixtures.withoutWeights(stored["spec"]!) == Fixtures.withoutWeights(original["spec"]!))
        #expect(stored["metadata"]?["annotations"] == original["metadata"]?["annotations"])
        #expect(try await router.apply(["v1": 30, "v2": 70], for: canary) == ["v1": 30, "v2": 70])
        #expect(await client.writes.count == 1)  // already in force: no write
    }

    @Test("a conflicting write between read and patch is retried on a fresh read, at most twice")
    func conflictRetried() async throws {
        let client = try await cluster()
        let router = HTTPRouteRouter(client: client)
        await client.failNext(.staleResourceVersion(.httpRoute("v1"), name: "reviews"), on: .patch)
        await client.failNext(KubeError(code: .invalid, message: "test operation failed"), on: .patch)
        #expect(try await router.apply(["v1": 50, "v2": 50], for: canary) == ["v1": 50, "v2": 50])
        #expect(await client.actions.filter { $0.verb == .patch }.count == 3)

        for _ in 0..<3 { await client.failNext(.staleResourceVersion(.httpRoute("v1"), name: "reviews"), on: .patch) }
        let error = try await #require(throws: GatewayAPIError.self) { try await router.apply(["v1": 20, "v2": 80], for: canary) }
        #expect(error.code == .kubernetes && error.httpRoute == "bookinfo/reviews")
    }

    @Test("a patch whose test fails because the weight changed meanwhile is redone on the new weights")
    func concurrentChange() async throws {
        let client = try await cluster()
        let router = HTTPRouteRouter(client: client)
        // Someone moves the weights; a stale edit's `test` would fail, the router's fresh read does not.
        _ = try await client.patch(
            .httpRoute("v1"), namespace: "bookinfo", name: "reviews",
            patch: .json([.replace("/spec/rules/0/backendRefs/0/weight", 70), .replace("/spec/rules/0/backendRefs/1/weight", 30)]))
        #expect(try await router.currentSplit(for: canary) == ["v1": 70, "v2": 30])
        #expect(try await router.apply(["v1": 60, "v2": 40], for: canary) == ["v1": 60, "v2": 40])
    }

    @Test("a missing HTTPRoute is a kubernetes error naming it; another routing kind is refused")
    func missing() async throws {
        let client = try await cluster()
        let router = HTTPRouteRouter(client: client)
        let other = Fixtures.experiment(routing: .httpRoute(HTTPRouteRule(name: "details", namespace: "bookinfo")))
        let error = try await #require(throws: GatewayAPIError.self) { try await router.currentSplit(for: other) }
        #expect(error.code == .kubernetes && error.httpRoute == "bookinfo/details" && error.cause?.contains("notFound") == true)
        let byIstio = Fixtures.experiment(routing: .none)
        await #expect(throws: GatewayAPIError.self) { try await router.currentSplit(for: byIstio) }
    }

    @Test("promotion of a canary rule sets weights only")
    func promoteCanary() async throws {
        let client = try await cluster()
        #expect(try await HTTPRouteRouter(client: client).promote("v2", for: canary) == ["v1": 0, "v2": 100])
        let stored = try #require(await client.object(.httpRoute("v1"), namespace: "bookinfo", name: "reviews"))
        #expect(try HTTPRoute(stored).rules[0].backendRefs.map(\.weight) == [0, 100])
    }

    @Test("promotion of an A/B rule through the router leaves the default rule on the winner")
    func promoteAB() async throws {
        let client = try await cluster(manifest: Fixtures.abManifest)
        let router = HTTPRouteRouter(client: client)
        #expect(try await router.currentSplit(for: ab) == ["v1": 50, "v2": 50])
        try await router.promote("v2", for: ab)
        let promoted = try HTTPRoute(#require(await client.object(.httpRoute("v1"), namespace: "bookinfo", name: "reviews")))
        #expect(promoted.rules.map(\.name) == ["static", "default"])
        #expect(promoted.rules[1].backendRefs.map(\.weight) == [0, 100])
    }
}
