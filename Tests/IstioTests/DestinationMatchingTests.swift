import Experiments
import Foundation
import Istio
import Kubernetes
import Testing

@Suite("A version's destination: by subset, by host (short or qualified), or by a DestinationRule version label")
struct DestinationMatchingTests {
    @Test("host routing: short names and FQDNs in the VirtualService's namespace are the same host")
    func hostRouting() throws {
        let object: JSONValue = [
            "kind": "VirtualService",
            "metadata": ["name": "reviews", "namespace": "bookinfo"],
            "spec": [
                "http": [
                    [
                        "route": [
                            ["destination": ["host": "reviews-v1.bookinfo.svc.cluster.local"], "weight": 100],
                            ["destination": ["host": "reviews-v2"], "weight": 0],
                        ]
                    ]
                ]
            ],
        ]
        let routing = Fixtures.route(
            destinations: ["reviews-v1": .init(host: "reviews-v1"), "reviews-v2": .init(host: "reviews-v2.bookinfo.svc")])
        let binding = try RouteLocator.locate(
            routing: routing, versions: Fixtures.versions(["reviews-v1", "reviews-v2"]), in: VirtualService(object),
            destinationRules: [])
        #expect(binding.destinations == ["reviews-v1": 0, "reviews-v2": 1])
        #expect(binding.routeLabel == "http[0]")
    }

    @Test("a subset named otherwise is found by its version label, only when exactly one matches")
    func versionLabel() throws {
        var object = try Golden.json("reviews-vs.json")
        object["spec"]?["http"] = [
            [
                "name": "primary",
                "route": [
                    ["destination": ["host": "reviews", "subset": "stable"], "weight": 100],
                    ["destination": ["host": "reviews", "subset": "canary"], "weight": 0],
                ],
            ]
        ]
        var rule = try Golden.json("reviews-dr.json")
        rule["spec"]?["subsets"] = [
            ["name": "stable", "labels": ["app": "reviews", "version": "v1"]],
            ["name": "canary", "labels": ["app": "reviews", "version": "v2"]],
        ]
        let rules = [try DestinationRule(rule)]
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("primary"), versions: Fixtures.versions(["v1", "v2"]), in: VirtualService(object),
            destinationRules: rules)
        #expect(binding.destinations == ["v1": 0, "v2": 1])
        let error = try #require(throws: IstioError.self) {
            try RouteLocator.locate(
                routing: Fixtures.route("primary"), versions: Fixtures.versions(["v1", "v2"]), in: VirtualService(object),
                destinationRules: nil)
        }
        #expect(error.code == .destinationNotFound && error.version == "v1")
        #expect(error.message.contains("reviews/stable, reviews/canary"))
    }
}
