import Experiments
import Foundation
import Istio
import Kubernetes
import Testing

@Suite("A/B with a header match: the matching route carries the experiment; promotion removes it")
struct ABMatchPromotionTests {
    let versions = Fixtures.versions(["v1", "v2"])
    let match = [HTTPMatch(headers: ["user": StringMatch(exact: "jason")])]

    @Test("the route is found by its match clauses; the default route is the next one without match")
    func locate() throws {
        let virtualService = try Fixtures.virtualService("reviews-ab-vs.json")
        let binding = try RouteLocator.locate(
            routing: Fixtures.route(match: match), versions: versions, in: virtualService,
            destinationRules: Fixtures.destinationRules())
        #expect(binding.routeName == "experiment")
        #expect(binding.hasMatch && binding.defaultRouteIndex == 1)
        let split = try RouteEditor.split(["v1": 20, "v2": 80], binding: binding, in: virtualService)
        #expect(split.object["spec"]?["http"]?[1] == virtualService.object["spec"]?["http"]?[1])
    }

    @Test("promoting the candidate removes the A/B route and points the default route at it")
    func promoteCandidate() throws {
        let virtualService = try Fixtures.virtualService("reviews-ab-vs.json")
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("experiment"), versions: versions, in: virtualService, destinationRules: nil)
        let edit = try RouteEditor.promotion(to: "v2", binding: binding, in: virtualService)
        try Golden.expect(Golden.pretty(edit.object), matches: "ab-promotion.expected.json")
        try Golden.expect(Golden.pretty(edit.operations), matches: "ab-promotion.patch.json")
        let promoted = try VirtualService(edit.object)
        #expect(promoted.http.map(\.name) == ["default"])
        #expect(promoted.http[0].destinations.map(\.subset) == ["v2"])
        #expect(promoted.http[0].object["timeout"] == "5s")
    }

    @Test("promoting the baseline only removes the A/B route")
    func promoteBaseline() throws {
        let virtualService = try Fixtures.virtualService("reviews-ab-vs.json")
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("experiment"), versions: versions, in: virtualService, destinationRules: nil)
        let edit = try RouteEditor.promotion(to: "v1", binding: binding, in: virtualService)
        var expected = virtualService.object
        expected["spec"]?["http"] = .array([virtualService.object["spec"]!["http"]![1]!])
        #expect(edit.object == expected)
    }

    @Test("a default route listing every version gets weights, not a new destination")
    func defaultListsAll() throws {
        var object = try Golden.json("reviews-ab-vs.json")
        let experimentRoute = object["spec"]!["http"]![0]!
        object["spec"]?["http"] = .array([
            experimentRoute,
            [
                "name": "default",
                "route": [
                    ["destination": ["host": "reviews", "subset": "v1"], "weight": 100],
                    ["destination": ["host": "reviews", "subset": "v2"], "weight": 0],
                ],
            ],
        ])
        let virtualService = try VirtualService(object)
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("experiment"), versions: versions, in: virtualService, destinationRules: nil)
        let edit = try RouteEditor.promotion(to: "v2", binding: binding, in: virtualService)
        let promoted = try VirtualService(edit.object)
        #expect(promoted.http.count == 1)
        #expect(promoted.http[0].destinations.map(\.weight) == [0, 100])
    }

    @Test("without a default route, promotion removes the match so the route takes all traffic")
    func noDefaultRoute() throws {
        var object = try Golden.json("reviews-ab-vs.json")
        let experimentRoute = object["spec"]!["http"]![0]!
        object["spec"]?["http"] = .array([experimentRoute])
        let virtualService = try VirtualService(object)
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("experiment"), versions: versions, in: virtualService, destinationRules: nil)
        #expect(binding.defaultRouteIndex == nil)
        let edit = try RouteEditor.promotion(to: "v2", binding: binding, in: virtualService)
        let promoted = try VirtualService(edit.object)
        #expect(promoted.http[0].match.isEmpty)
        #expect(promoted.http[0].destinations.map(\.weight) == [0, 100])
        #expect(promoted.http[0].object["retries"] == ["attempts": 2])
    }
}
