import Experiments
import GatewayAPI
import Kubernetes
import Routing
import YAML

/// HTTPRoutes, routing specs and experiments shared by the Gateway API tests.
enum Fixtures {
    /// A canary HTTPRoute: one rule named `canary` with a backendRef per version (Services named after the
    /// versions), comments and flow style the manifest edits must keep.
    static let canaryManifest = """
        # The reviews route: iter8 moves the weights below.
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: reviews
          namespace: bookinfo
          annotations: {owner: "team-reviews"}
        spec:
          parentRefs:
          - {group: "", kind: Service, name: reviews, port: 9080}
          rules:
          - name: canary   # the experiment's rule
            matches:
            - path: {type: PathPrefix, value: /reviews}
            backendRefs:
            - name: reviews-v1
              port: 9080
              weight: 90    # baseline
            - name: reviews-v2
              port: 9080
              weight: 10 # candidate
            timeouts: {request: 5s}

        """

    /// An A/B HTTPRoute: rule `ab` (``abRule``) takes jason's requests, split between the versions; rule `default`
    /// (after a rule of another Service) takes the rest and lists both versions.
    static let abManifest = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          rules:
          # A/B: jason's requests are split by iter8.

        """ + abRule + """
          - name: static
            matches:
            - path: {type: PathPrefix, value: /static}
            backendRefs:
            - {name: static, port: 80}
          # Everyone else.
          - name: default
            backendRefs:
            - name: reviews-v1
              port: 9080
              weight: 100
            - name: reviews-v2
              port: 9080
              weight: 0

        """

    /// Rule `ab` of ``abManifest``, its lines as written: what promoting it deletes.
    static let abRule = """
          - name: ab
            matches:
            - headers:
              - {name: end-user, value: jason}
            backendRefs:
            - {name: reviews-v1, port: 9080, weight: 50}
            - name: reviews-v2
              port: 9080
              weight: 50   # candidate

        """

    /// The object of the only (or `document`th) document of `yaml`.
    static func object(_ yaml: String, document: Int = 0) throws -> JSONValue {
        JSONValue(yaml: try YAMLParser().parseStream(yaml, file: nil)[document].root)
    }

    /// An HTTPRoute `bookinfo/reviews` with `rules` (each a rule object).
    static func route(_ rules: [JSONValue]) throws -> HTTPRoute {
        try HTTPRoute([
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": ["name": "reviews", "namespace": "bookinfo"], "spec": ["rules": .array(rules)],
        ])
    }

    /// A rule object with backendRefs `(name, weight)` (nil weight: key omitted), optional name and header match.
    static func rule(_ name: String? = nil, _ backendRefs: [(String, Int64?)], headers: Bool = false, port: Int64? = nil) -> JSONValue {
        var rule: [String: JSONValue] = [:]
        if let name { rule["name"] = .string(name) }
        if headers { rule["matches"] = [["headers": [["name": "end-user", "value": "jason"]]]] }
        rule["backendRefs"] = .array(backendRefs.map { name, weight in
            var ref: [String: JSONValue] = ["name": .string(name)]
            if let weight { ref["weight"] = .integer(weight) }
            if let port { ref["port"] = .integer(port) }
            return .object(ref)
        })
        return .object(rule)
    }

    static func spec(
        _ selector: HTTPRouteRule.Selector = .covering, backendRefs: [String: HTTPRouteRule.BackendRef] = [:]
    ) -> HTTPRouteRule {
        HTTPRouteRule(name: "reviews", namespace: "bookinfo", rule: selector, backendRefs: backendRefs)
    }

    /// `reviews-v1` / `reviews-v2` as the versions' Services (the canary and A/B manifests' names).
    static let services: [String: HTTPRouteRule.BackendRef] = [
        "v1": .init(name: "reviews-v1"), "v2": .init(name: "reviews-v2"),
    ]

    static func experiment(_ versions: [String] = ["v1", "v2"], routing: RoutingSpec) -> Experiment {
        let specs = versions.map { VersionSpec(name: $0, variables: [.init(name: "namespace", value: "bookinfo")], weightObjRef: nil) }
        return Experiment(
            name: "reviews-rollout", namespace: "bookinfo", target: "bookinfo/reviews", sourceAPIVersion: "iter8.tools/v2alpha2",
            testingPattern: .canary, deploymentPattern: .progressive, baseline: specs[0], candidates: Array(specs.dropFirst()),
            criteria: CriteriaSpec(objectives: [], indicators: []),
            duration: DurationSpec(intervalSeconds: 10, iterationsPerLoop: 5, maxLoops: 1),
            weightCaps: CandidateWeightCaps(maxCandidateWeight: 100, maxCandidateWeightIncrement: 100), routing: routing,
            analysis: .defaults(intervalSeconds: 10), promotion: PromotionSettings(onTermination: .toWinner, applyMode: .cluster),
            actionNames: [])
    }

    /// The object with every `weight` removed: what must be unchanged by a split.
    static func withoutWeights(_ object: JSONValue) -> JSONValue {
        switch object {
        case .object(var members):
            members["weight"] = nil
            return .object(members.mapValues(withoutWeights))
        case .array(let elements): return .array(elements.map(withoutWeights))
        default: return object
        }
    }
}
