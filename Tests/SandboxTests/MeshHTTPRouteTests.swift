import Experiments
import Foundation
import Kubernetes
@testable import Sandbox
import Testing

@Suite("Simulated mesh routing follows the live Gateway API HTTPRoutes (GAMMA)")
struct MeshHTTPRouteTests {
    typealias Fixtures = MeshHTTPRouteFixtures

    @Test("a 90/10 split of backendRefs gives 90/10 request counts within 4 binomial standard deviations")
    func weightedSplit() async throws {
        let store = try await Fixtures.store(rules: [Fixtures.split(90, 10)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 42))
        try await mesh.advance(simulatedSeconds: 100)
        let metrics = await mesh.metrics
        let v2 = metrics.requests(workload: "reviews-v2")
        // The parent Service's 100 requests a second, and no more (its host is the HTTPRoute's alone).
        #expect(metrics.requests(workload: "reviews-v1") + v2 == 10_000)
        #expect(abs(v2 - 1000) <= 120, "v2 got \(v2)")  // Binomial(10000, 0.1): σ = 30; 4σ
        #expect(metrics.unroutedRequests == 0)
        // Istio reports the backend Service as destination_service.
        let services = Set(metrics.series.keys.map(\.service))
        #expect(services == ["reviews-v1.default.svc.cluster.local", "reviews-v2.default.svc.cluster.local"])
        #expect(try await mesh.ignoredHTTPRoutes().isEmpty)
    }

    @Test("an omitted weight counts 1, a weight of 0 takes nothing, all weights 0 leave the requests unrouted")
    func defaultWeights() async throws {
        let store = try await Fixtures.store(rules: [Fixtures.split(nil, nil)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 8))
        try await mesh.advance(simulatedSeconds: 10)
        var metrics = await mesh.metrics
        let v1 = metrics.requests(workload: "reviews-v1")
        #expect(v1 + metrics.requests(workload: "reviews-v2") == 1000)
        #expect(abs(v1 - 500) <= 64, "v1 got \(v1)")  // Binomial(1000, 0.5): σ ≈ 16; 4σ

        try await Self.setRules([Fixtures.split(nil, 0)], in: store)
        try await mesh.advance(simulatedSeconds: 10)
        metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v1") == v1 + 1000)

        try await Self.setRules([Fixtures.split(0, 0)], in: store)
        try await mesh.advance(simulatedSeconds: 10)
        metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v1") == v1 + 1000)
        #expect(metrics.unroutedRequests == 1000)
    }

    @Test("a header match rule takes the tagged requests, wherever it is listed (more header conditions win)")
    func headerMatch() async throws {
        let store = try await Fixtures.store(rules: [Fixtures.split(100, 0), Fixtures.headerRule(["value": "jason"])])
        let mesh = SimulatedMesh(
            store: store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 3, testHeaderShare: 0.2))
        try await mesh.advance(simulatedSeconds: 50)
        let metrics = await mesh.metrics
        let v2 = metrics.requests(workload: "reviews-v2")
        #expect(metrics.requests(workload: "reviews-v1") + v2 == 5000)
        #expect(abs(v2 - 1000) <= 113, "v2 got \(v2)")  // Binomial(5000, 0.2): σ ≈ 28; 4σ
    }

    static let conditions: [(JSONValue, Bool)] = [
        (["value": "jason"], true), (["type": "Exact", "value": "Jason"], false),
        (["type": "RegularExpression", "value": "ja.*n"], true), (["type": "RegularExpression", "value": "ja"], false),
    ]

    @Test("Exact and RegularExpression header conditions (a whole match)", arguments: conditions)
    func headerConditions(condition: JSONValue, taken: Bool) throws {
        let object = Fixtures.httpRoute(rules: [Fixtures.split(100, 0), Fixtures.headerRule(condition)])
        let route = try MeshHTTPRoute(object, testHeader: ("End-User", "jason"))
        #expect(route.rules.map(\.specificity) == [[0, 0], [nil, taken ? 1 : nil]])
    }

    @Test("weights changed live in the store are followed from the next simulated second")
    func liveWeights() async throws {
        let store = try await Fixtures.store(rules: [Fixtures.split(100, 0)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 50, seed: 9))
        try await mesh.advance(simulatedSeconds: 10)
        #expect(await mesh.metrics.requests(workload: "reviews-v1") == 500)
        #expect(await mesh.metrics.requests(workload: "reviews-v2") == 0)

        let patch: [JSONPatchOperation] = [
            JSONPatchOperation(op: "replace", path: "/spec/rules/0/backendRefs/0/weight", value: 0),
            JSONPatchOperation(op: "replace", path: "/spec/rules/0/backendRefs/1/weight", value: 100),
        ]
        _ = try await store.patch(.httpRoute(), namespace: "default", name: "reviews", patch: .json(patch))
        try await mesh.advance(simulatedSeconds: 10)
        let after = await mesh.metrics
        #expect(after.requests(workload: "reviews-v1") == 500)
        #expect(after.requests(workload: "reviews-v2") == 500)

        // Deleted: the Service's host is no one's any more, so it gets no traffic.
        try await store.delete(.httpRoute(), namespace: "default", name: "reviews")
        try await mesh.advance(simulatedSeconds: 10)
        #expect(await mesh.metrics.requests(workload: "reviews-v2") == 500)
        #expect(await mesh.metrics.unroutedRequests == 0)
    }

    static let invalid: [(JSONValue, String)] = [
        (
            Fixtures.httpRoute(parents: [["name": "gateway"]], rules: [Fixtures.split(1, 1)]),
            "spec.parentRefs: no Service among the parents (group \"\", kind Service), so no mesh route"
        ),
        (
            Fixtures.httpRoute(parents: [["group": "", "kind": "Service", "name": "ratings"]], rules: [Fixtures.split(1, 1)]),
            "spec.parentRefs: no parent Service exists (default/ratings)"
        ),
        (
            Fixtures.httpRoute(rules: [Fixtures.split(1, 1), Fixtures.split(2_000_000, 0)]),
            "spec.rules[1].backendRefs[0].weight: must be an integer from 0 to 1000000"
        ),
        (Fixtures.httpRoute(rules: [Fixtures.split(-1, 1)]), "spec.rules[0].backendRefs[0].weight: must be an integer from 0 to 1000000"),
        (
            Fixtures.httpRoute(rules: [["backendRefs": [["name": "reviews-v1", "weight": "ten"]]]]),
            "spec.rules[0].backendRefs[0].weight: must be an integer from 0 to 1000000"
        ),
        (Fixtures.httpRoute(rules: [["backendRefs": [["port": 9080]]]]), "spec.rules[0].backendRefs[0].name: required"),
        (
            Fixtures.httpRoute(rules: [Fixtures.headerRule(["type": "Prefix", "value": "ja"])]),
            "spec.rules[0].matches[0].headers[0].type: unsupported value \"Prefix\""
        ),
        (
            Fixtures.httpRoute(rules: [Fixtures.headerRule(["type": "RegularExpression", "value": "(ja"])]),
            "spec.rules[0].matches[0].headers[0].value: not a regular expression: (ja"
        ),
        (Fixtures.httpRoute(rules: [Fixtures.headerRule([:])]), "spec.rules[0].matches[0].headers[0].value: required"),
        (
            Fixtures.httpRoute(rules: [["matches": [["path": ["type": "Glob", "value": "/*"]]]]]),
            "spec.rules[0].matches[0].path.type: unsupported value \"Glob\""
        ),
        (
            ["apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute", "metadata": ["name": "reviews"],
             "spec": ["parentRefs": [Fixtures.serviceParent], "rules": ["backendRefs": []]]],
            "spec.rules: expected a list"
        ),
    ]

    @Test("an HTTPRoute the API server would refuse, or that no mesh takes, is ignored with the reason", arguments: invalid)
    func ignored(route: JSONValue, reason: String) async throws {
        let store = try await Fixtures.store(rules: nil)
        _ = try await store.create(.httpRoute(), namespace: "default", object: route)
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 1))
        try await mesh.advance(simulatedSeconds: 5)
        #expect(await mesh.metrics.series.isEmpty)
        #expect(await mesh.metrics.unroutedRequests == 0)
        #expect(try await mesh.ignoredHTTPRoutes() == ["default/reviews": reason])
    }

    @Test("a route fixed in the store is taken at once, and no longer listed as ignored; the others carry on")
    func fixed() async throws {
        let store = try await Fixtures.store(rules: [Fixtures.split(1, 1)])
        var broken = Fixtures.httpRoute("broken", rules: [Fixtures.split(1, 1), Fixtures.split(-5, 1)])
        broken["spec"]?["parentRefs"] = [["group": "core", "kind": "Service", "name": "reviews-v1"]]
        _ = try await store.create(.httpRoute(), namespace: "default", object: broken)
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 1))
        try await mesh.advance(simulatedSeconds: 5)
        #expect(await mesh.metrics.requests(workload: "reviews-v1") + mesh.metrics.requests(workload: "reviews-v2") == 50)
        #expect(try await mesh.ignoredHTTPRoutes().keys.sorted() == ["default/broken"])

        broken = try await store.get(.httpRoute(), namespace: "default", name: "broken")
        broken["spec"]?["rules"] = [Fixtures.split(0, 1)]
        _ = try await store.update(.httpRoute(), namespace: "default", object: broken)
        try await mesh.advance(simulatedSeconds: 5)
        #expect(try await mesh.ignoredHTTPRoutes().isEmpty)
        // Service reviews-v1's host now goes to reviews-v2 too: 50 more for the parent, 50 for reviews-v1's host.
        let metrics = await mesh.metrics
        #expect(metrics.requests(workload: "reviews-v1") + metrics.requests(workload: "reviews-v2") == 150)
        let viaBackend = metrics.series.filter { $0.key.workload == "reviews-v2" && $0.key.service.hasPrefix("reviews-v2.") }
        #expect(viaBackend.values.reduce(0) { $0 + $1.count } >= 50)
    }

    @Test("routes attached to one Service merge: the older route wins a tie; a backendRef that is no Service fails its share")
    func mergedRoutes() async throws {
        let store = try await Fixtures.store(rules: [Fixtures.split(1, 0)])
        let younger = Fixtures.httpRoute("younger", rules: [Fixtures.split(0, 1), Fixtures.headerRule(["value": "jason"])])
        _ = try await store.create(.httpRoute(), namespace: "default", object: younger)
        let mesh = SimulatedMesh(
            store: store, configuration: MeshConfiguration(requestsPerSecond: 100, seed: 5, testHeaderShare: 0.5))
        try await mesh.advance(simulatedSeconds: 10)
        var metrics = await mesh.metrics
        // Created in the same second, `reviews` sorts before `younger`: untagged requests take its rule (v1); the
        // tagged ones the younger route's header rule (v2).
        let v2 = metrics.requests(workload: "reviews-v2")
        #expect(metrics.requests(workload: "reviews-v1") + v2 == 1000)
        #expect(abs(v2 - 500) <= 64, "v2 got \(v2)")

        var route = try await store.get(.httpRoute(), namespace: "default", name: "reviews")
        route["spec"]?["rules"] = [["backendRefs": [
            Fixtures.backend("reviews-v1", weight: 1),
            ["group": "example.com", "kind": "Bucket", "name": "reviews-v1", "weight": 1],
        ]]]
        _ = try await store.update(.httpRoute(), namespace: "default", object: route)
        try await mesh.advance(simulatedSeconds: 10)
        metrics = await mesh.metrics
        let untagged = metrics.requests(workload: "reviews-v1") - (1000 - v2)
        #expect(untagged + metrics.unroutedRequests + (metrics.requests(workload: "reviews-v2") - v2) == 1000)
        #expect(metrics.unroutedRequests > 100 && untagged > 100, "\(metrics.unroutedRequests) failed, \(untagged) to v1")
    }

    @Test("a Service taken by an HTTPRoute is routed by it, not by a VirtualService of the same host")
    func httpRouteTakesTheHost() async throws {
        let store = try await Fixtures.store(rules: [Fixtures.split(0, 1)])
        _ = try await store.create(.destinationRule(), namespace: "default", object: MeshFixtures.destinationRule())
        var virtualService = MeshFixtures.virtualService(http: [MeshFixtures.split(100, 0)])
        virtualService["spec"]?["hosts"] = ["reviews", "reviews-v1.default.svc.cluster.local"]
        _ = try await store.create(.virtualService(), namespace: "default", object: virtualService)
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 2))
        try await mesh.advance(simulatedSeconds: 10)
        let metrics = await mesh.metrics
        // reviews: the HTTPRoute's (v2); reviews-v1's host: the VirtualService's (v1).
        #expect(metrics.requests(workload: "reviews-v2") == 100)
        #expect(metrics.requests(workload: "reviews-v1") == 100)
    }

    @Test("a thousand Services each taken by an HTTPRoute: each one's traffic reaches its own backends, and only those")
    func manyRoutes() async throws {
        let store = SandboxStore()
        for index in 0..<1000 {
            let app = "svc-\(index)"
            let labels: JSONValue = ["app": .string(app)]
            _ = try await store.create(.service, namespace: "default", object: Fixtures.service(app, selector: labels))
            _ = try await store.create(.deployment, namespace: "default", object: [
                "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(app), "namespace": "default"],
                "spec": ["replicas": 1, "selector": ["matchLabels": labels], "template": ["metadata": ["labels": labels]]],
            ])
            _ = try await store.create(.httpRoute(), namespace: "default", object: Fixtures.httpRoute(
                app, parents: [["group": "", "kind": "Service", "name": .string(app)]],
                rules: [["backendRefs": [Fixtures.backend(app)]]]))
        }
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 6))
        let started = ContinuousClock.now
        try await mesh.advance(simulatedSeconds: 3)
        let firstPlan = ContinuousClock.now - started
        let metrics = await mesh.metrics
        #expect(metrics.series.count == 1000)
        #expect(metrics.series.values.allSatisfy { $0.count == 30 })
        #expect(metrics.series.keys.allSatisfy { $0.service == $0.workload + ".default.svc.cluster.local" })
        #expect(firstPlan < .seconds(20), "three seconds of 1,000 routes took \(firstPlan)")
    }

    static func setRules(_ rules: [JSONValue], in store: SandboxStore) async throws {
        var route = try await store.get(.httpRoute(), namespace: "default", name: "reviews")
        route["spec"]?["rules"] = .array(rules)
        _ = try await store.update(.httpRoute(), namespace: "default", object: route)
    }
}
