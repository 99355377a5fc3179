import Experiments
import Foundation
import Istio
import Kubernetes
import Testing

@Suite("Anything ambiguous or missing is an error naming the VirtualService, the route and the version")
struct LocatorErrorTests {
    let versions = Fixtures.versions(["v1", "v2"])

    func locate(_ routing: RoutingSpec, _ object: JSONValue, versions: [VersionSpec]? = nil, rules: [DestinationRule]? = nil)
        throws -> RouteBinding
    {
        try RouteLocator.locate(routing: routing, versions: versions ?? self.versions, in: VirtualService(object), destinationRules: rules)
    }

    func twoRoutes() throws -> JSONValue {
        var object = try Golden.json("reviews-vs.json")
        let primary = object["spec"]!["http"]![1]!
        var copy = primary
        copy["name"] = "secondary"
        object["spec"]?["http"] = .array([primary, copy])
        return object
    }

    @Test("two routes covering every version, no route name: ambiguous")
    func ambiguousRoute() throws {
        let error = try #require(throws: IstioError.self) { try locate(Fixtures.route(), twoRoutes()) }
        #expect(error.code == .ambiguousRoute)
        #expect(error.virtualService == "bookinfo/reviews")
        #expect(error.message.contains("primary") && error.message.contains("secondary"))
    }

    @Test("two routes with the same name: ambiguous")
    func duplicateName() throws {
        var object = try twoRoutes()
        let routes = object["spec"]!["http"]!.arrayValue!
        object["spec"]?["http"] = .array(routes.map { route in
            var route = route
            route["name"] = "primary"
            return route
        })
        let error = try #require(throws: IstioError.self) { try locate(Fixtures.route("primary"), object) }
        #expect(error.code == .ambiguousRoute && error.route == "primary")
    }

    @Test("a named route that does not exist lists the routes there are")
    func missingRoute() throws {
        let error = try #require(throws: IstioError.self) { try locate(Fixtures.route("canary"), Golden.json("reviews-vs.json")) }
        #expect(error.code == .routeNotFound)
        #expect(error.message.contains("debug, primary"))
    }

    @Test("a subset missing from the DestinationRule")
    func missingSubset() throws {
        var rule = try Golden.json("reviews-dr.json")
        let first = rule["spec"]!["subsets"]![0]!
        rule["spec"]?["subsets"] = .array([first])
        let error = try #require(throws: IstioError.self) {
            try locate(Fixtures.route("primary"), Golden.json("reviews-vs.json"), rules: [DestinationRule(rule)])
        }
        #expect(error.code == .subsetNotFound)
        #expect(error.version == "v2" && error.route == "primary" && error.virtualService == "bookinfo/reviews")
        #expect(error.message.contains("bookinfo/reviews") && error.message.contains("subsets: v1"))
        #expect(error.description.contains("VirtualService bookinfo/reviews, route primary, version v2"))
    }

    @Test("subsets with no DestinationRule for the host")
    func noRuleForHost() throws {
        var rule = try Golden.json("reviews-dr.json")
        rule["spec"]?["host"] = "ratings"
        let error = try #require(throws: IstioError.self) {
            try locate(Fixtures.route("primary"), Golden.json("reviews-vs.json"), rules: [DestinationRule(rule)])
        }
        #expect(error.code == .subsetNotFound)
    }

    @Test("weights that do not sum to 100, negative weights, unknown or missing versions")
    func invalidSplits() throws {
        let virtualService = try Fixtures.virtualService()
        let binding = try RouteLocator.locate(routing: Fixtures.route("primary"), versions: versions, in: virtualService, destinationRules: nil)
        for split in [["v1": 50, "v2": 40], ["v1": 110, "v2": -10], ["v1": 100], ["v1": 50, "v2": 50, "v3": 0]] {
            let error = try #require(throws: IstioError.self) { try RouteEditor.split(split, binding: binding, in: virtualService) }
            #expect(error.code == .invalidSplit)
        }
        let error = try #require(throws: IstioError.self) {
            try RouteEditor.split(["v1": 50, "v2": 40], binding: binding, in: virtualService)
        }
        #expect(error.message.contains("sum to 90 (v1=50, v2=40)"))
    }

    @Test("a version with no destination in the route")
    func versionWithoutDestination() throws {
        let error = try #require(throws: IstioError.self) {
            try locate(Fixtures.route("primary"), Golden.json("reviews-vs.json"), versions: Fixtures.versions(["v1", "v3"]))
        }
        #expect(error.code == .destinationNotFound && error.version == "v3")
    }

    @Test("two destinations matching one version")
    func twoDestinations() throws {
        var object = try Golden.json("reviews-vs.json")
        object["spec"]?["http"] = [
            [
                "name": "primary",
                "route": [
                    ["destination": ["host": "reviews", "subset": "v1"], "weight": 50],
                    ["destination": ["host": "reviews-mirror", "subset": "v1"], "weight": 0],
                    ["destination": ["host": "reviews", "subset": "v2"], "weight": 50],
                ],
            ]
        ]
        let error = try #require(throws: IstioError.self) { try locate(Fixtures.route("primary"), object) }
        #expect(error.code == .ambiguousDestination && error.version == "v1")
        let fixed = try locate(
            Fixtures.route("primary", destinations: ["v1": .init(host: "reviews.bookinfo.svc.cluster.local", subset: "v1")]), object)
        #expect(fixed.destinations == ["v1": 0, "v2": 2] && fixed.unassigned == [1])
    }

    @Test("a destination of no version that carries traffic")
    func unassignedWithTraffic() throws {
        var object = try Golden.json("reviews-vs.json")
        object["spec"]?["http"] = [
            [
                "name": "primary",
                "route": [
                    ["destination": ["host": "reviews", "subset": "v1"], "weight": 50],
                    ["destination": ["host": "reviews", "subset": "v2"], "weight": 30],
                    ["destination": ["host": "legacy"], "weight": 20],
                ],
            ]
        ]
        let error = try #require(throws: IstioError.self) { try locate(Fixtures.route("primary"), object) }
        #expect(error.code == .unassignedDestination && error.message.contains("legacy"))
    }

    @Test("weightObjRef paths that name no destination weight")
    func badFieldPaths() throws {
        let object = try Golden.json("reviews-vs.json")
        for path in [".spec.http[1].route[5].weight", ".spec.http[7].route[0].weight", ".spec.http[1].route[0].destination"] {
            let versions = Fixtures.versions(["v1", "v2"], references: [".spec.http[1].route[0].weight", path])
            let error = try #require(throws: IstioError.self) { try locate(.weightObjectReferences, object, versions: versions) }
            #expect(error.code == .invalidFieldPath && error.version == "v2")
        }
        let split = Fixtures.versions(["v1", "v2"], references: [".spec.http[0].route[0].weight", ".spec.http[1].route[1].weight"])
        let error = try #require(throws: IstioError.self) { try locate(.weightObjectReferences, object, versions: split) }
        #expect(error.code == .invalidFieldPath && error.message.contains("one HTTP route"))
    }
}
