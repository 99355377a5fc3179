import Experiments
import GatewayAPI
import Kubernetes
import Testing

@Suite("RuleLocator finds the experiment's rule and each version's backendRef, never guessing")
struct RuleLocatorTests {
    let versions = ["reviews-v1", "reviews-v2"]

    @Test("a rule by name, its backendRefs by the versions' Service names")
    func named() throws {
        let route = try Fixtures.route([
            Fixtures.rule("other", [("reviews-v1", 100)]),
            Fixtures.rule("canary", [("reviews-v2", 10), ("reviews-v1", 90)]),
        ])
        let binding = try RuleLocator.locate(Fixtures.spec(.named("canary")), versions: versions, in: route)
        #expect(binding.ruleIndex == 1 && binding.ruleName == "canary")
        #expect(binding.backendRefs == ["reviews-v1": 1, "reviews-v2": 0])
        #expect(binding.weightPointer(of: "reviews-v1") == "/spec/rules/1/backendRefs/1/weight")
        #expect(!binding.hasHeaderMatches && binding.defaultRuleIndex == nil)
    }

    @Test("a rule by index; an index past the end is ruleNotFound")
    func index() throws {
        let route = try Fixtures.route([Fixtures.rule(nil, [("reviews-v1", 1), ("reviews-v2", 1)])])
        #expect(try RuleLocator.locate(Fixtures.spec(.index(0)), versions: versions, in: route).ruleLabel == "rules[0]")
        let error = try #require(throws: GatewayAPIError.self) {
            try RuleLocator.locate(Fixtures.spec(.index(3)), versions: versions, in: route)
        }
        #expect(error.code == .ruleNotFound && error.message.contains("no rule at index 3"))
    }

    @Test("a missing rule name lists the names there are")
    func missingName() throws {
        let route = try Fixtures.route([Fixtures.rule("stable", [("reviews-v1", 1), ("reviews-v2", 1)])])
        let error = try #require(throws: GatewayAPIError.self) {
            try RuleLocator.locate(Fixtures.spec(.named("canary")), versions: versions, in: route)
        }
        #expect(error.code == .ruleNotFound && error.message == "no rule named canary (rules: stable)")
    }

    @Test("without a name or index, the one rule covering every version")
    func covering() throws {
        let route = try Fixtures.route([
            Fixtures.rule(nil, [("ratings", nil)]),
            Fixtures.rule(nil, [("reviews-v1", 100), ("reviews-v2", 0)]),
        ])
        #expect(try RuleLocator.locate(Fixtures.spec(), versions: versions, in: route).ruleIndex == 1)
    }

    @Test("two rules covering every version are ambiguous, not a guess")
    func ambiguous() throws {
        let route = try Fixtures.route([
            Fixtures.rule(nil, [("reviews-v1", 100), ("reviews-v2", 0)]),
            Fixtures.rule("second", [("reviews-v1", 50), ("reviews-v2", 50)]),
        ])
        let error = try #require(throws: GatewayAPIError.self) { try RuleLocator.locate(Fixtures.spec(), versions: versions, in: route) }
        #expect(error.code == .ambiguousRule && error.message.contains("rules[0], second"))
    }

    @Test("a version without a backendRef names the Service it looked for")
    func missingBackendRef() throws {
        let route = try Fixtures.route([Fixtures.rule("canary", [("reviews-v1", 100)])])
        let error = try #require(throws: GatewayAPIError.self) {
            try RuleLocator.locate(Fixtures.spec(.named("canary")), versions: versions, in: route)
        }
        #expect(error.code == .backendRefNotFound && error.version == "reviews-v2")
        #expect(error.message == "no backendRef of the rule is Service reviews-v2")
        let none = try #require(throws: GatewayAPIError.self) { try RuleLocator.locate(Fixtures.spec(), versions: versions, in: route) }
        #expect(none.code == .ruleNotFound && none.message.contains("no backendRef of the rule is Service reviews-v2"))
    }

    @Test("two backendRefs of one Service are ambiguous until the spec gives the port")
    func ports() throws {
        let route = try Fixtures.route([
            .object([
                "backendRefs": [
                    ["name": "reviews", "port": 9080, "weight": 100], ["name": "reviews", "port": 9081, "weight": 0],
                ]
            ])
        ])
        let byName: [String: HTTPRouteRule.BackendRef] = ["v1": .init(name: "reviews"), "v2": .init(name: "reviews")]
        let error = try #require(throws: GatewayAPIError.self) {
            try RuleLocator.locate(Fixtures.spec(.index(0), backendRefs: byName), versions: ["v1", "v2"], in: route)
        }
        #expect(error.code == .ambiguousBackendRef && error.version == "v1")
        let byPort: [String: HTTPRouteRule.BackendRef] = [
            "v1": .init(name: "reviews", port: 9080), "v2": .init(name: "reviews", namespace: "bookinfo", port: 9081),
        ]
        let binding = try RuleLocator.locate(Fixtures.spec(.index(0), backendRefs: byPort), versions: ["v1", "v2"], in: route)
        #expect(binding.backendRefs == ["v1": 0, "v2": 1])
        let elsewhere: [String: HTTPRouteRule.BackendRef] = [
            "v1": .init(name: "reviews", port: 9080), "v2": .init(name: "reviews", namespace: "other", port: 9081),
        ]
        let wrongNamespace = try #require(throws: GatewayAPIError.self) {
            try RuleLocator.locate(Fixtures.spec(.index(0), backendRefs: elsewhere), versions: ["v1", "v2"], in: route)
        }
        #expect(wrongNamespace.code == .backendRefNotFound && wrongNamespace.version == "v2")
    }

    @Test("one backendRef cannot be two versions'")
    func sharedBackendRef() throws {
        let route = try Fixtures.route([Fixtures.rule(nil, [("reviews", 100)])])
        let same: [String: HTTPRouteRule.BackendRef] = ["v1": .init(name: "reviews"), "v2": .init(name: "reviews")]
        let error = try #require(throws: GatewayAPIError.self) {
            try RuleLocator.locate(Fixtures.spec(.index(0), backendRefs: same), versions: ["v1", "v2"], in: route)
        }
        #expect(error.code == .ambiguousBackendRef && error.version == "v2")
    }

    @Test("a backendRef of no version must carry weight 0; an omitted weight is 1 and refused too")
    func foreignBackendRef() throws {
        let idle = try Fixtures.route([Fixtures.rule(nil, [("reviews-v1", 100), ("reviews-v2", 0), ("legacy", 0)])])
        #expect(try RuleLocator.locate(Fixtures.spec(), versions: versions, in: idle).unassigned == [2])
        for weight: Int64? in [5, nil] {
            let route = try Fixtures.route([Fixtures.rule(nil, [("reviews-v1", 90), ("reviews-v2", 0), ("legacy", weight)])])
            let error = try #require(throws: GatewayAPIError.self) {
                try RuleLocator.locate(Fixtures.spec(.index(0)), versions: versions, in: route)
            }
            #expect(error.code == .unassignedBackendRef && error.message.contains("backendRef legacy belongs to no version"))
        }
    }

    @Test("a backendRef of another kind is not a version's Service")
    func otherKind() throws {
        let route = try Fixtures.route([
            .object(["backendRefs": [
                ["name": "reviews-v1", "weight": 100],
                ["group": "multicluster.x-k8s.io", "kind": "ServiceImport", "name": "reviews-v2", "weight": 0],
            ]])
        ])
        let error = try #require(throws: GatewayAPIError.self) {
            try RuleLocator.locate(Fixtures.spec(.index(0)), versions: versions, in: route)
        }
        #expect(error.code == .backendRefNotFound && error.version == "reviews-v2")
    }

    @Test("an A/B rule's default rule is the first later rule without header matches that has a version's backendRef")
    func defaultRule() throws {
        let route = try Fixtures.route([
            Fixtures.rule("ab", [("reviews-v1", 50), ("reviews-v2", 50)], headers: true),
            Fixtures.rule("other-ab", [("reviews-v1", 100)], headers: true),
            Fixtures.rule("static", [("static", nil)]),
            Fixtures.rule("default", [("reviews-v1", nil)]),
        ])
        let binding = try RuleLocator.locate(Fixtures.spec(.named("ab")), versions: versions, in: route)
        #expect(binding.hasHeaderMatches && binding.defaultRuleIndex == 3)
    }

    @Test("an object that is not an HTTPRoute is refused")
    func invalidObject() throws {
        #expect(throws: GatewayAPIError.self) { try HTTPRoute(["kind": "VirtualService", "metadata": ["name": "x"]]) }
        #expect(throws: GatewayAPIError.self) { try HTTPRoute(["kind": "HTTPRoute", "metadata": [:]]) }
        let error = try #require(throws: GatewayAPIError.self) {
            try HTTPRoute(["kind": "HTTPRoute", "metadata": ["name": "r"], "spec": ["rules": [["backendRefs": "x"]]]])
        }
        #expect(error.code == .invalidObject && error.rule == "rules[0]")
    }
}
