import Experiments
import Foundation
import Istio
import Kubernetes
import Testing

@Suite("A split patches only the weights of the located route (golden files)")
struct SplitGoldenTests {
    let versions = Fixtures.versions(["v1", "v2"])

    @Test("split on a route located by name")
    func byRouteName() throws {
        let virtualService = try Fixtures.virtualService()
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("primary"), versions: versions, in: virtualService,
            destinationRules: Fixtures.destinationRules())
        #expect(binding.routeIndex == 1 && binding.destinations == ["v1": 0, "v2": 1])
        #expect(binding.weightPointer(of: "v2") == "/spec/http/1/route/1/weight")
        #expect(try RouteEditor.currentSplit(of: virtualService, binding: binding) == ["v1": 90, "v2": 10])
        let edit = try RouteEditor.split(["v1": 40, "v2": 60], binding: binding, in: virtualService)
        try Golden.expect(Golden.pretty(edit.object), matches: "split-by-route-name.expected.json")
        try Golden.expect(Golden.pretty(edit.operations), matches: "split-by-route-name.patch.json")
        #expect(try RouteEditor.currentSplit(of: VirtualService(edit.object), binding: binding) == ["v1": 40, "v2": 60])
    }

    @Test("without a route name, the one route covering every version is used")
    func byCoverage() throws {
        let virtualService = try Fixtures.virtualService()
        let binding = try RouteLocator.locate(
            routing: Fixtures.route(), versions: versions, in: virtualService, destinationRules: Fixtures.destinationRules())
        #expect(binding.routeName == "primary")
    }

    @Test("split via iter8's weightObjRef field paths, one version without a reference")
    func byWeightObjRef() throws {
        let virtualService = try Fixtures.virtualService()
        let versions = Fixtures.versions(["v1", "v2"], references: [nil, ".spec.http[1].route[1].weight"])
        let binding = try RouteLocator.locate(
            routing: .weightObjectReferences, versions: versions, in: virtualService, destinationRules: Fixtures.destinationRules())
        #expect(binding.destinations == ["v1": 0, "v2": 1])
        let edit = try RouteEditor.split(["v1": 75, "v2": 25], binding: binding, in: virtualService)
        try Golden.expect(Golden.pretty(edit.object), matches: "split-weightobjref.expected.json")
        try Golden.expect(Golden.pretty(edit.operations), matches: "split-weightobjref.patch.json")
    }

    @Test("promotion gives 100 to the winner and keeps weight: 0 on the others")
    func promotion() throws {
        let virtualService = try Fixtures.virtualService()
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("primary"), versions: versions, in: virtualService, destinationRules: Fixtures.destinationRules())
        let edit = try RouteEditor.promotion(to: "v2", binding: binding, in: virtualService)
        try Golden.expect(Golden.pretty(edit.object), matches: "promotion.expected.json")
        let route = try VirtualService(edit.object).http[1]
        #expect(route.destinations.map(\.weight) == [0, 100])
    }

    @Test("every field the split does not own survives: retries, gateways, annotations, unknown fields")
    func unknownFieldsPreserved() throws {
        let virtualService = try Fixtures.virtualService()
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("primary"), versions: versions, in: virtualService, destinationRules: Fixtures.destinationRules())
        let edit = try RouteEditor.split(["v1": 0, "v2": 100], binding: binding, in: virtualService)
        #expect(Fixtures.withoutWeights(edit.object) == Fixtures.withoutWeights(virtualService.object))
        #expect(edit.object["spec"]?["http"]?[1]?["retries"] == virtualService.object["spec"]?["http"]?[1]?["retries"])
        #expect(edit.object["spec"]?["gateways"] == ["mesh", "bookinfo-gateway"])
        #expect(edit.object["metadata"]?["annotations"]?["owner"] == "team-reviews")
        #expect(edit.object["spec"]?["http"]?[1]?["x-future-field"] == ["keep": true])
        #expect(edit.object["spec"]?["http"]?[0] == virtualService.object["spec"]?["http"]?[0])
        #expect(edit.operations.allSatisfy { $0.path.hasSuffix("/weight") })
    }

    @Test("an unchanged split is an empty edit")
    func unchanged() throws {
        let virtualService = try Fixtures.virtualService()
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("primary"), versions: versions, in: virtualService, destinationRules: nil)
        #expect(try RouteEditor.split(["v1": 90, "v2": 10], binding: binding, in: virtualService).isEmpty)
    }

    @Test("the merge patch carries spec.http whole, equal to the patched object's")
    func mergePatch() throws {
        let virtualService = try Fixtures.virtualService()
        let binding = try RouteLocator.locate(
            routing: Fixtures.route("primary"), versions: versions, in: virtualService, destinationRules: nil)
        let edit = try RouteEditor.split(["v1": 50, "v2": 50], binding: binding, in: virtualService)
        guard case .merge(let patch) = edit.mergePatch else {
            Issue.record("not a merge patch")
            return
        }
        #expect(patch["spec"]?["http"] == edit.object["spec"]?["http"])
    }
}
