import Experiments
import Foundation
import Istio
import Kubernetes
import Testing
import TestSupport

@Suite("IstioRouter reads the live VirtualService, patches only weights and verifies by reading back")
struct IstioRouterTests {
    let versions = Fixtures.versions(["v1", "v2"])

    func cluster(served: [String] = ["v1", "v1beta1", "v1alpha3"], virtualService: String = "reviews-vs.json") async throws
        -> InMemoryKubernetesClient
    {
        let client = InMemoryKubernetesClient(
            servedVersions: ["networking.istio.io": served], defaultNamespace: "bookinfo")
        let version = served.first ?? "v1beta1"
        try await client.seed(.virtualService(version), Golden.json(virtualService))
        try await client.seed(.destinationRule(version), Golden.json("reviews-dr.json"))
        await client.clearActions()
        return client
    }

    @Test("discovery prefers v1, then v1beta1, then v1alpha3; nothing usable is an error")
    func discovery() async throws {
        #expect(try await IstioRouter(client: cluster()).apiVersion() == "v1")
        #expect(try await IstioRouter(client: cluster(served: ["v1alpha3", "v1beta1"])).apiVersion() == "v1beta1")
        #expect(try await IstioRouter(client: cluster(served: ["v1alpha3"])).apiVersion() == "v1alpha3")
        let none = try await cluster(served: ["v2"])
        let error = try await #require(throws: IstioError.self) { try await IstioRouter(client: none).apiVersion() }
        #expect(error.code == .unsupportedAPIVersion)
    }

    @Test("apply patches the weights with test operations, reads back, and leaves the rest of the object alone")
    func apply() async throws {
        let client = try await cluster(served: ["v1beta1"])
        let router = IstioRouter(client: client)
        let experiment = Fixtures.experiment(versions, routing: Fixtures.route("primary"))
        #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10])
        let applied = try await router.apply(["v1": 30, "v2": 70], for: experiment)
        #expect(applied == ["v1": 30, "v2": 70])
        let patches = await client.writes
        #expect(patches.count == 1)
        guard case .json(let operations)? = patches.first?.patch else {
            Issue.record("expected one JSON patch, got \(patches)")
            return
        }
        #expect(operations.map(\.op) == ["test", "replace", "test", "replace"])
        #expect(patches.first?.type.version == "v1beta1")
        let stored = try #require(await client.object(.virtualService("v1beta1"), namespace: "bookinfo", name: "reviews"))
        let original = try Golden.json("reviews-vs.json")
        #expect(Fixtures.withoutWeights(stored["spec"]!) == Fixtures.withoutWeights(original["spec"]!))
        #expect(stored["metadata"]?["annotations"] == original["metadata"]?["annotations"])
    }

    @Test("a conflicting write between read and patch is retried on a fresh read")
    func conflictRetried() async throws {
        let client = try await cluster()
        let router = IstioRouter(client: client)
        await client.failNext(.staleResourceVersion(.virtualService("v1"), name: "reviews"), on: .patch)
        let experiment = Fixtures.experiment(versions, routing: Fixtures.route("primary"))
        #expect(try await router.apply(["v1": 50, "v2": 50], for: experiment) == ["v1": 50, "v2": 50])
        #expect(await client.actions.filter { $0.verb == .patch }.count == 2)
    }

    @Test("a subset missing from the live DestinationRule stops the split before any write")
    func missingSubset() async throws {
        let client = try await cluster()
        var rule = try Golden.json("reviews-dr.json")
        let first = rule["spec"]!["subsets"]![0]!
        rule["spec"]?["subsets"] = .array([first])
        _ = try await client.update(.destinationRule("v1"), namespace: "bookinfo", object: rule)
        let router = IstioRouter(client: client)
        let experiment = Fixtures.experiment(versions, routing: Fixtures.route("primary"))
        let error = try await #require(throws: IstioError.self) { try await router.apply(["v1": 50, "v2": 50], for: experiment) }
        #expect(error.code == .subsetNotFound && error.version == "v2")
        #expect(await client.writes.filter { $0.verb == .patch }.isEmpty)
    }

    @Test("a missing VirtualService is a kubernetes error naming it")
    func missingVirtualService() async throws {
        let client = try await cluster()
        let router = IstioRouter(client: client)
        let experiment = Fixtures.experiment(versions, routing: Fixtures.route("primary", virtualService: "details"))
        let error = try await #require(throws: IstioError.self) { try await router.currentSplit(for: experiment) }
        #expect(error.code == .kubernetes && error.virtualService == "bookinfo/details")
        #expect(error.cause?.contains("notFound") == true)
    }

    @Test("promotion of an A/B route through the router leaves only the default route, on the winner")
    func promoteAB() async throws {
        let client = try await cluster(virtualService: "reviews-ab-vs.json")
        let router = IstioRouter(client: client)
        let experiment = Fixtures.experiment(versions, routing: Fixtures.route("experiment"))
        try await router.promote("v2", for: experiment)
        let stored = try #require(await client.object(.virtualService("v1"), namespace: "bookinfo", name: "reviews"))
        let promoted = try VirtualService(stored)
        #expect(promoted.http.map(\.name) == ["default"])
        #expect(promoted.http[0].destinations.map(\.subset) == ["v2"])
    }
}
