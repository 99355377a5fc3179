import Experiments
import Testing

/// `spec.routing.httpRoute`: a Gateway API HTTPRoute, its rule and the versions' backendRefs.
@Suite("Routing by a Gateway API HTTPRoute")
struct HTTPRouteRoutingTests {
    static func spec(_ routing: String) throws -> ExperimentValidator.Outcome {
        let json = SpecFixtures.canary().replacingOccurrences(
            of: #""routing": {"virtualService": {"name": "reviews"}, "route": "reviews-route"}"#, with: #""routing": "# + routing)
        return ExperimentValidator.validate(try SpecFixtures.document(json))
    }

    static func errors(_ routing: String) throws -> [String] {
        try spec(routing).issues.filter { $0.severity == .error }.map { "\($0.path): \($0.message)" }
    }

    @Test func namesTheRouteTheRuleAndTheBackendRefs() throws {
        let outcome = try Self.spec(
            #"{"httpRoute": {"name": "reviews", "namespace": "mesh"}, "rule": "canary", "backendRefs": {"reviews-v2": {"name": "reviews-next", "port": 9080}}}"#)
        #expect(outcome.issues.isEmpty)
        let experiment = try #require(outcome.experiment)
        let rule = HTTPRouteRule(
            name: "reviews", namespace: "mesh", rule: .named("canary"),
            backendRefs: ["reviews-v2": .init(name: "reviews-next", namespace: nil, port: 9080)])
        #expect(experiment.routing == .httpRoute(rule))
        #expect(experiment.routedObject == RoutedObject(kind: .httpRoute, namespace: "mesh", name: "reviews"))
        // A version without a backendRef is the Service named after it.
        #expect(rule.backendRef(of: "reviews-v1") == .init(name: "reviews-v1"))
    }

    @Test func defaultsToTheExperimentsNamespaceAndTheCoveringRule() throws {
        let experiment = try #require(try Self.spec(#"{"httpRoute": {"name": "reviews"}}"#).experiment)
        #expect(experiment.routing == .httpRoute(HTTPRouteRule(name: "reviews", namespace: "bookinfo", rule: .covering)))
    }

    @Test func aRuleByIndex() throws {
        let experiment = try #require(try Self.spec(#"{"httpRoute": {"name": "reviews"}, "ruleIndex": 2}"#).experiment)
        #expect(experiment.routing == .httpRoute(HTTPRouteRule(name: "reviews", namespace: "bookinfo", rule: .index(2))))
    }

    @Test(arguments: [
        (#"{"httpRoute": {"name": "reviews"}, "virtualService": {"name": "reviews"}}"#, "spec.routing: ambiguous routing"),
        (#"{"httpRoute": {"name": "reviews"}, "rule": "a", "ruleIndex": 0}"#, "spec.routing: ambiguous rule"),
        (#"{"httpRoute": {"name": "reviews"}, "ruleIndex": 16}"#, "spec.routing.ruleIndex: must be between 0 and 15"),
        (#"{"httpRoute": {"name": "reviews"}, "ruleIndex": -1}"#, "spec.routing.ruleIndex: must be between 0 and 15"),
        (#"{"httpRoute": {"name": "reviews"}, "route": "x"}"#, "spec.routing.route: applies to a virtualService"),
        (#"{"httpRoute": {"name": "reviews"}, "destinations": {"reviews-v1": {"subset": "a"}}}"#, "spec.routing.destinations: applies to a virtualService"),
        (#"{"virtualService": {"name": "reviews"}, "rule": "x"}"#, "spec.routing.rule: applies to an httpRoute"),
        (#"{"virtualService": {"name": "reviews"}, "backendRefs": {}}"#, "spec.routing.backendRefs: applies to an httpRoute"),
        (#"{"httpRoute": {}}"#, "spec.routing.httpRoute.name: missing required field"),
        (#"{"httpRoute": {"name": "Not_A_Name"}}"#, "spec.routing.httpRoute.name: \"Not_A_Name\""),
        (#"{"httpRoute": {"name": "reviews", "namespace": "a/b"}}"#, "spec.routing.httpRoute.namespace:"),
        (#"{"httpRoute": {"name": "reviews"}, "rule": ""}"#, "spec.routing.rule:"),
        (#"{"httpRoute": {"name": "reviews"}, "backendRefs": {"v9": {"name": "x"}}}"#, "spec.routing.backendRefs.v9: \"v9\" is not a version"),
        (#"{"httpRoute": {"name": "reviews"}, "backendRefs": {"reviews-v1": {}}}"#, "spec.routing.backendRefs.reviews-v1.name: missing"),
        (#"{"httpRoute": {"name": "reviews"}, "backendRefs": {"reviews-v1": {"name": "a.b"}}}"#, "spec.routing.backendRefs.reviews-v1.name:"),
        (#"{"httpRoute": {"name": "reviews"}, "backendRefs": {"reviews-v1": {"name": "a", "port": 0}}}"#, "spec.routing.backendRefs.reviews-v1.port: must be between 1 and 65535"),
    ])
    func badRoutingIsAnErrorAtItsField(routing: String, expected: String) throws {
        let errors = try Self.errors(routing)
        #expect(errors.contains { $0.hasPrefix(expected) }, "\(errors)")
        #expect(try Self.spec(routing).experiment == nil)
    }

    @Test func theMissingRoutingMessageNamesBothKinds() throws {
        let errors = try Self.errors("null")
        #expect(errors.contains { $0.contains("virtualService") && $0.contains("httpRoute") }, "\(errors)")
    }

    @Test(arguments: [
        ("networking.istio.io/v1", "VirtualService", RoutingKind?.some(.virtualService)),
        ("networking.istio.io/v1beta1", "VirtualService", .virtualService),
        ("gateway.networking.k8s.io/v1", "HTTPRoute", .httpRoute),
        ("gateway.networking.k8s.io/v1beta1", "HTTPRoute", .httpRoute),
        ("example.com/v1", "HTTPRoute", nil),
        ("v1", "VirtualService", nil),
        ("apps/v1", "Deployment", nil),
    ])
    func aManifestDocumentsKindIsItsGroupAndKind(apiVersion: String, kind: String, expected: RoutingKind?) {
        #expect(RoutingKind.of(apiVersion: apiVersion, kind: kind) == expected)
    }
}
