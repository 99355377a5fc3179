import Experiments
import GitOps
@testable import Istio
import Kubernetes
import Routing
import Testing
import TestSupport

/// Each pass reads a running experiment's split twice (readiness, and the check of the recorded split), and the
/// Istio router locates its route only when the VirtualService or a DestinationRule changed: passes that leave them
/// alone locate nothing. The reconciler keeps the routers' located routes for the repository's experiments only.
@Suite struct ReconcilerLocatedRouteTests {
    /// The reviews VirtualService of the unit harness (route `reviews-route`, subsets v1 and v2) and its rule.
    static func cluster() async throws -> InMemoryKubernetesClient {
        let kube = InMemoryKubernetesClient(defaultNamespace: "bookinfo")
        func destination(_ subset: String, _ weight: Int64) -> JSONValue {
            ["destination": ["host": "reviews", "subset": .string(subset)], "weight": .integer(weight)]
        }
        try await kube.seed(.virtualService("v1"), [
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": ["name": "reviews", "namespace": "bookinfo"],
            "spec": ["hosts": ["reviews"], "http": [["name": "reviews-route", "route": [destination("v1", 100), destination("v2", 0)]]]],
        ])
        try await kube.seed(.destinationRule("v1"), [
            "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
            "metadata": ["name": "reviews", "namespace": "bookinfo"],
            "spec": ["host": "reviews", "subsets": [["name": "v1", "labels": ["version": "v1"]], ["name": "v2", "labels": ["version": "v2"]]]],
        ])
        return kube
    }

    @Test func passesThatChangeNoObjectLocateNothing() async throws {
        let kube = try await Self.cluster()
        let router = IstioRouter(client: kube)
        let harness = ReconcilerUnitHarness(
            files: [ReconcilerUnitHarness.path: ReconcilerUnitHarness.spec(iterations: 12)],
            routing: { _ in RoutingTable(routers: [.virtualService: router]) })
        var quiet = 0
        var resourceVersion: String?
        for _ in 0..<12 {
            let locatesBefore = await router.locateCount
            let readsBefore = await kube.actions.filter { $0.verb == .get }.count
            let report = await harness.step(2)
            #expect(report.failure == nil)
            let live = await kube.object(.virtualService("v1"), namespace: "bookinfo", name: "reviews")
            let version = live?["metadata"]?["resourceVersion"]?.stringValue
            let reads = await kube.actions.filter { $0.verb == .get }.count - readsBefore
            if resourceVersion != nil, version == resourceVersion, reads > 0 {
                // The VirtualService was read in this pass and did not change: its route was not located again.
                #expect(await router.locateCount == locatesBefore)
                quiet += 1
            }
            resourceVersion = version
        }
        #expect(quiet >= 6)
        #expect(await router.located.keys.sorted() == [ReconcilerUnitHarness.key])
        // The experiment goes away (its spec and status deleted): what was located for it is dropped.
        try harness.humanCommit([ReconcilerUnitHarness.path: nil, ReconcilerUnitHarness.statusPath: nil])
        await harness.step()
        #expect(await router.located.isEmpty)
    }
}
