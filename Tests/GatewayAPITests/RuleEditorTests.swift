import Experiments
import GatewayAPI
import Kubernetes
import Testing

@Suite("RuleEditor reads whole percentages and edits only weights")
struct RuleEditorTests {
    let versions = ["reviews-v1", "reviews-v2"]

    func bound(_ rules: [JSONValue], _ selector: HTTPRouteRule.Selector = .index(0), versions: [String]? = nil) throws
        -> (HTTPRoute, RuleBinding)
    {
        let route = try Fixtures.route(rules)
        return (route, try RuleLocator.locate(Fixtures.spec(selector), versions: versions ?? self.versions, in: route))
    }

    @Test("weights are shares of the rule's sum: omitted weights are 1, rounding by largest remainder sums to 100")
    func readsShares() throws {
        let cases: [([(String, Int64?)], [Int])] = [
            ([("reviews-v1", 90), ("reviews-v2", 10)], [90, 10]),
            ([("reviews-v1", nil), ("reviews-v2", nil)], [50, 50]),
            ([("reviews-v1", 3), ("reviews-v2", 1)], [75, 25]),
            ([("reviews-v1", 1), ("reviews-v2", 2)], [33, 67]),
            ([("reviews-v1", 999_999), ("reviews-v2", 1)], [100, 0]),
            ([("reviews-v1", 0), ("reviews-v2", 0)], [0, 0]),
        ]
        for (refs, expected) in cases {
            let (route, binding) = try bound([Fixtures.rule(nil, refs)])
            #expect(try RuleEditor.currentSplit(of: route, binding: binding) == ["reviews-v1": expected[0], "reviews-v2": expected[1]])
        }
        #expect(RuleEditor.percentages([1, 1, 1]) == [34, 33, 33])
        #expect(RuleEditor.percentages([1, 1, 1, 1, 1, 1]) == [17, 17, 17, 17, 16, 16])
        let (lone, binding) = try bound([Fixtures.rule(nil, [("reviews-v1", nil)])], versions: ["reviews-v1"])
        #expect(try RuleEditor.currentSplit(of: lone, binding: binding) == ["reviews-v1": 100])
    }

    @Test("a weight outside 0–1,000,000, or not an integer, is an invalid object")
    func invalidWeights() throws {
        for weight: JSONValue in [-1, 1_000_001, "10", 2.5] {
            let rule: JSONValue = ["backendRefs": [["name": "reviews-v1", "weight": weight], ["name": "reviews-v2", "weight": 0]]]
            let (route, binding) = try bound([rule])
            let error = try #require(throws: GatewayAPIError.self) { try RuleEditor.currentSplit(of: route, binding: binding) }
            #expect(error.code == .invalidObject)
        }
    }

    @Test("a split patches each changed weight after a test of the old one, and adds a missing weight after a test of the name")
    func splitPatch() throws {
        let (route, binding) = try bound([Fixtures.rule(nil, [("reviews-v1", 90), ("reviews-v2", nil)])])
        let edit = try RuleEditor.split(["reviews-v1": 60, "reviews-v2": 40], binding: binding, in: route)
        #expect(edit.operations == [
            .test("/spec/rules/0/backendRefs/0/weight", 90), .replace("/spec/rules/0/backendRefs/0/weight", 60),
            .test("/spec/rules/0/backendRefs/1/name", "reviews-v2"),
            JSONPatchOperation(op: "add", path: "/spec/rules/0/backendRefs/1/weight", value: 40),
        ])
        #expect(Fixtures.withoutWeights(edit.object) == Fixtures.withoutWeights(route.object))
        let same = try RuleEditor.split(["reviews-v1": 90, "reviews-v2": 10], binding: binding, in: route)
        #expect(same.operations.map(\.op) == ["test", "add"])
    }

    @Test("bad splits are refused before any edit")
    func badSplits() throws {
        let (route, binding) = try bound([Fixtures.rule(nil, [("reviews-v1", 90), ("reviews-v2", 10)])])
        for split in [["reviews-v1": 50], ["reviews-v1": 50, "reviews-v2": 40], ["reviews-v1": 50, "reviews-v2": 50, "v3": 0],
            ["reviews-v1": 150, "reviews-v2": -50]]
        {
            let error = try #require(throws: GatewayAPIError.self) { try RuleEditor.split(split, binding: binding, in: route) }
            #expect(error.code == .invalidSplit)
        }
    }

    @Test("promotion of a rule without header matches sets the winner 100 and the others 0")
    func promoteCanary() throws {
        let (route, binding) = try bound([Fixtures.rule(nil, [("reviews-v1", 90), ("reviews-v2", 10), ("legacy", 0)])])
        let edit = try RuleEditor.promotion(to: "reviews-v2", binding: binding, in: route)
        #expect(edit.operations.filter { $0.op != "test" }.map(\.path) == [
            "/spec/rules/0/backendRefs/0/weight", "/spec/rules/0/backendRefs/1/weight",
        ])
        #expect(edit.object["spec"]?["rules"]?[0]?["backendRefs"]?[1]?["weight"] == 100)
    }

    @Test("promotion of an A/B rule removes it and gives the default rule's traffic to the winner by weights")
    func promoteABByWeights() throws {
        let (route, binding) = try bound([
            Fixtures.rule("ab", [("reviews-v1", 50), ("reviews-v2", 50)], headers: true),
            Fixtures.rule("default", [("reviews-v1", 100), ("reviews-v2", 0)]),
        ], .named("ab"))
        let edit = try RuleEditor.promotion(to: "reviews-v2", binding: binding, in: route)
        #expect(edit.operations.first == .test("/spec/rules/0", route.rules[0].object))
        let promoted = try HTTPRoute(edit.object)
        #expect(promoted.rules.map(\.name) == ["default"])
        #expect(promoted.rules[0].backendRefs.map(\.weight) == [0, 100])
    }

    @Test("promotion of an A/B rule whose default rule has one backendRef of the other version points it at the winner")
    func promoteABByReference() throws {
        let (route, binding) = try bound([
            Fixtures.rule("ab", [("reviews-v1", 50), ("reviews-v2", 50)], headers: true, port: 9080),
            .object(["name": "default", "timeouts": ["request": "5s"], "backendRefs": [["name": "reviews-v1", "port": 9080]]]),
        ], .named("ab"))
        let edit = try RuleEditor.promotion(to: "reviews-v2", binding: binding, in: route)
        let promoted = try HTTPRoute(edit.object)
        #expect(promoted.rules.count == 1 && promoted.rules[0].object["timeouts"] == ["request": "5s"])
        #expect(promoted.rules[0].backendRefs[0].object == ["name": "reviews-v2", "port": 9080])
    }

    @Test("promotion of an A/B rule without a default rule drops its header matches; with a path too it refuses")
    func promoteABAlone() throws {
        let (route, binding) = try bound([Fixtures.rule("ab", [("reviews-v1", 50), ("reviews-v2", 50)], headers: true)], .named("ab"))
        let edit = try RuleEditor.promotion(to: "reviews-v1", binding: binding, in: route)
        let promoted = try HTTPRoute(edit.object)
        #expect(promoted.rules[0].matches.isEmpty && promoted.rules[0].backendRefs.map(\.weight) == [100, 0])

        let withPath: JSONValue = [
            "name": "ab", "matches": [["path": ["type": "PathPrefix", "value": "/r"], "headers": [["name": "u", "value": "j"]]]],
            "backendRefs": [["name": "reviews-v1", "weight": 50], ["name": "reviews-v2", "weight": 50]],
        ]
        let (pathRoute, pathBinding) = try bound([withPath], .named("ab"))
        let error = try #require(throws: GatewayAPIError.self) {
            try RuleEditor.promotion(to: "reviews-v1", binding: pathBinding, in: pathRoute)
        }
        #expect(error.code == .ruleNotFound && error.message.contains("without guessing"))
    }

    @Test("a default rule with several backendRefs, none the winner's, is refused")
    func promoteABNoWinnerInDefault() throws {
        let (route, binding) = try bound([
            Fixtures.rule("ab", [("reviews-v1", 50), ("reviews-v2", 50)], headers: true),
            Fixtures.rule("default", [("reviews-v1", 100), ("legacy", 0)]),
        ], .named("ab"))
        let error = try #require(throws: GatewayAPIError.self) { try RuleEditor.promotion(to: "reviews-v2", binding: binding, in: route) }
        #expect(error.code == .backendRefNotFound && error.rule == "default")
    }
}
