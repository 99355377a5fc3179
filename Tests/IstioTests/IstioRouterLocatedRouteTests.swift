import Experiments
import Foundation
@testable import Istio
import Kubernetes
import Testing
import TestSupport

/// The router locates an experiment's route once and reuses it while the experiment's routing and versions, the
/// VirtualService and the DestinationRules consulted are the same versions (`uid`, `resourceVersion`); each kind of
/// change is seen at the next read, as a router that never reuses one sees it.
@Suite struct IstioRouterLocatedRouteTests {
    let versions = Fixtures.versions(["v1", "v2"])
    var experiment: Experiment { Fixtures.experiment(versions, routing: Fixtures.route("primary")) }

    func cluster() async throws -> InMemoryKubernetesClient {
        let client = InMemoryKubernetesClient(servedVersions: ["networking.istio.io": ["v1"]], defaultNamespace: "bookinfo")
        try await client.seed(.virtualService("v1"), Golden.json("reviews-vs.json"))
        try await client.seed(.destinationRule("v1"), Golden.json("reviews-dr.json"))
        return client
    }

    /// The VirtualService with the primary route's two destinations in the other order (v1 second).
    static func swappingPrimaryDestinations(_ object: JSONValue) -> JSONValue {
        let http = object["spec"]?["http"]?.arrayValue ?? []
        var primary = http[1]
        primary["route"] = .array((primary["route"]?.arrayValue ?? []).reversed())
        var swapped = object
        swapped["spec"]?["http"] = .array([http[0], primary])
        return swapped
    }

    /// What a router that has located nothing before finds.
    func fresh(_ client: any KubernetesClient, _ experiment: Experiment) async throws -> (VirtualService, RouteBinding) {
        try await IstioRouter(client: client).locate(experiment)
    }

    @Test func unchangedObjectsAreLocatedOnceAndGiveWhatAFreshLocationGives() async throws {
        let client = try await cluster()
        let router = IstioRouter(client: client)
        for _ in 0..<3 {  // three passes, two reads each (readiness and the recorded split's check)
            #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
            #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        }
        #expect(await router.locateCount == 1)
        let (virtualService, binding) = try await router.locate(experiment)
        let (freshVirtualService, freshBinding) = try await fresh(client, experiment)
        #expect(virtualService == freshVirtualService && binding == freshBinding)
        #expect(await router.locateCount == 1)
    }

    @Test func aChangedVirtualServiceIsLocatedAgain() async throws {
        let client = try await cluster()
        let router = IstioRouter(client: client)
        #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        // Someone swaps the primary route's destinations: v1 is now the second one.
        let object = try #require(await client.object(.virtualService("v1"), namespace: "bookinfo", name: "reviews"))
        _ = try await client.update(.virtualService("v1"), namespace: "bookinfo", object: Self.swappingPrimaryDestinations(object))
        #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        let (_, binding) = try await router.locate(experiment)
        #expect(binding.destinations == ["v1": 1, "v2": 0])
        let (_, freshBinding) = try await fresh(client, experiment)
        #expect(binding == freshBinding)
        #expect(await router.locateCount == 2)
    }

    @Test func aChangedDestinationRuleIsLocatedAgain() async throws {
        let client = try await cluster()
        let router = IstioRouter(client: client)
        #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        var rule = try #require(await client.object(.destinationRule("v1"), namespace: "bookinfo", name: "reviews"))
        let first = try #require(rule["spec"]?["subsets"]?[0])
        rule["spec"]?["subsets"] = .array([first])  // subset v2 is gone
        _ = try await client.update(.destinationRule("v1"), namespace: "bookinfo", object: rule)
        let error = try await #require(throws: IstioError.self) { try await router.currentSplit(for: experiment) }
        #expect(error.code == .subsetNotFound && error.version == "v2")
    }

    @Test func aChangedRoutingOrVersionListIsLocatedAgain() async throws {
        let client = try await cluster()
        let router = IstioRouter(client: client)
        #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        // The spec now says v1 runs as subset v2 and v2 as subset v1.
        let swapped = Fixtures.experiment(
            versions, routing: Fixtures.route("primary", destinations: ["v1": .init(subset: "v2"), "v2": .init(subset: "v1")]))
        #expect(try await router.currentSplit(for: swapped) == ["v1": 10, "v2": 90])
        // The versions change order (v2 is the baseline now).
        let reordered = Fixtures.experiment(Fixtures.versions(["v2", "v1"]), routing: Fixtures.route("primary"))
        let (_, binding) = try await router.locate(reordered)
        let (_, freshBinding) = try await fresh(client, reordered)
        #expect(binding.versions == ["v2", "v1"] && binding == freshBinding)
        #expect(await router.locateCount == 3)
    }

    @Test func objectsWithoutUIDAreComparedWhole() async throws {
        let objects = PlainObjects(
            virtualService: try Golden.json("reviews-vs.json"), rules: [try Golden.json("reviews-dr.json")])
        let router = IstioRouter(client: objects)
        #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        #expect(await router.locateCount == 1)
        // Edited with the same resourceVersion (and no uid): the whole object differs, so it is located again.
        await objects.edit { $0 = Self.swappingPrimaryDestinations($0) }
        let (_, binding) = try await router.locate(experiment)
        #expect(binding.destinations == ["v1": 1, "v2": 0])
        #expect(await router.locateCount == 2)
    }

    @Test func sameVersionIsUIDAndResourceVersionWhenBothAreThere() throws {
        let object = try Golden.json("reviews-vs.json")
        func with(uid: String?, version: String?) -> JSONValue {
            var copy = object
            copy["metadata"]?["uid"] = uid.map(JSONValue.string)
            copy["metadata"]?["resourceVersion"] = version.map(JSONValue.string)
            return copy
        }
        #expect(LocatedRoute.sameVersion(with(uid: "a", version: "7"), with(uid: "a", version: "7")))
        #expect(!LocatedRoute.sameVersion(with(uid: "a", version: "7"), with(uid: "a", version: "8")))
        #expect(!LocatedRoute.sameVersion(with(uid: "a", version: "7"), with(uid: "b", version: "7")))  // deleted and created again
        #expect(!LocatedRoute.sameVersion(with(uid: "a", version: "7"), with(uid: nil, version: "7")))
        #expect(LocatedRoute.sameVersion(with(uid: nil, version: "7"), with(uid: nil, version: "7")))
    }

    @Test func routesOfExperimentsThatWentAwayAreForgotten() async throws {
        let client = try await cluster()
        let router = IstioRouter(client: client)
        _ = try await router.currentSplit(for: experiment)
        await router.forgetExperiments(except: ["bookinfo/reviews-rollout", "bookinfo/other"])
        _ = try await router.currentSplit(for: experiment)
        #expect(await router.locateCount == 1)
        await router.forgetExperiments(except: ["bookinfo/other"])
        _ = try await router.currentSplit(for: experiment)
        #expect(await router.locateCount == 2)
    }
}

/// Serves one VirtualService and the DestinationRules exactly as given, without the `uid` and the `resourceVersion`
/// bump a server adds; editable in place. Writes are not supported.
private actor PlainObjects: KubernetesClient {
    var virtualService: JSONValue
    let rules: [JSONValue]

    init(virtualService: JSONValue, rules: [JSONValue]) {
        self.virtualService = virtualService
        self.rules = rules
    }

    func edit(_ change: (inout JSONValue) -> Void) { change(&virtualService) }

    func servedVersions(ofGroup group: String) async throws -> [String] { ["v1"] }
    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        guard type.resource == "virtualservices", name == "reviews" else { throw KubeError.notFound(type, name: name) }
        return virtualService
    }
    func list(_ type: ResourceType, namespace: String?, labelSelector: String?) async throws -> [JSONValue] {
        type.resource == "destinationrules" ? rules : []
    }
    func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue { throw unsupported(type) }
    func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue { throw unsupported(type) }
    func patch(_ type: ResourceType, namespace: String?, name: String, patch: KubePatch) async throws -> JSONValue {
        throw unsupported(type)
    }
    func delete(_ type: ResourceType, namespace: String?, name: String) async throws { throw unsupported(type) }
    private func unsupported(_ type: ResourceType) -> KubeError { KubeError.notFound(type, name: "writes are not supported") }
}
