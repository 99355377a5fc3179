import Experiments
import Foundation
import GatewayAPI
import Kubernetes
import Routing
import Testing

@Suite("HTTPRouteManifest rewrites only weight scalars (and deletes a promoted A/B rule's lines)")
struct HTTPRouteManifestTests {
    let canary = Fixtures.spec(.named("canary"), backendRefs: Fixtures.services)
    let ab = Fixtures.spec(.named("ab"), backendRefs: Fixtures.services)

    /// The lines of `after` that differ from `before`'s (same line count required).
    func changedLines(_ before: String, _ after: String) -> [String] {
        let old = before.split(separator: "\n", omittingEmptySubsequences: false)
        let new = after.split(separator: "\n", omittingEmptySubsequences: false)
        guard old.count == new.count else { return ["<line count \(old.count) → \(new.count)>"] }
        return zip(old, new).filter { $0 != $1 }.map { String($0.1) }
    }

    @Test("a split changes the weight scalars and not one other byte (comments, flow style, trailing text kept)")
    func split() throws {
        let manifest = try HTTPRouteManifest(source: Fixtures.canaryManifest, file: "routes/reviews.yaml")
        let result = try manifest.applying(["v1": 40, "v2": 60], rule: canary, versions: ["v1", "v2"])
        #expect(changedLines(Fixtures.canaryManifest, result) == ["      weight: 40    # baseline", "      weight: 60 # candidate"])
        #expect(result == Fixtures.canaryManifest.replacingOccurrences(of: "weight: 90 ", with: "weight: 40 ")
            .replacingOccurrences(of: "weight: 10 ", with: "weight: 60 "))
        #expect(try manifest.applying(["v1": 90, "v2": 10], rule: canary, versions: ["v1", "v2"]) == Fixtures.canaryManifest)
    }

    @Test("the right document of a multi-document file is edited; the others keep their bytes")
    func documents() throws {
        let other = "apiVersion: v1\nkind: Service\nmetadata: {name: reviews-v1}  # weight: 90\n---\n"
        let source = other + Fixtures.canaryManifest + "---\n" + other
        let result = try HTTPRouteManifest(source: source).applying(["v1": 0, "v2": 100], rule: canary, versions: ["v1", "v2"])
        #expect(result.hasPrefix(other) && result.hasSuffix("---\n" + other))
        #expect(changedLines(source, result).count == 2)
        let twice = Fixtures.canaryManifest + "---\n" + Fixtures.canaryManifest
        let error = try #require(throws: GatewayAPIError.self) {
            try HTTPRouteManifest(source: twice).applying(["v1": 0, "v2": 100], rule: canary, versions: ["v1", "v2"])
        }
        #expect(error.code == .manifestDocumentNotFound && error.httpRoute == "bookinfo/reviews")
        #expect(error.message == "documents 0, 1 of the manifest all declare HTTPRoute bookinfo/reviews; keep one")
        let none = try #require(throws: GatewayAPIError.self) {
            try HTTPRouteManifest(source: other, file: "routes/reviews.yaml")
                .applying(["v1": 0, "v2": 100], rule: canary, versions: ["v1", "v2"])
        }
        #expect(none.code == .manifestDocumentNotFound && none.httpRoute == "bookinfo/reviews")
        #expect(none.message == "no document of routes/reviews.yaml declares HTTPRoute bookinfo/reviews")
    }

    @Test("a backendRef without a weight: key is an error that says so and where")
    func missingWeight() throws {
        let source = Fixtures.canaryManifest.replacingOccurrences(of: "      weight: 10 # candidate\n", with: "")
        let error = try #require(throws: GatewayAPIError.self) {
            try HTTPRouteManifest(source: source, file: "routes/reviews.yaml").applying(["v1": 50, "v2": 50], rule: canary, versions: ["v1", "v2"])
        }
        #expect(error.code == .missingWeight && error.version == "v2")
        #expect(error.message.contains("at routes/reviews.yaml:") && error.message.contains("has no weight: key"))
    }

    @Test("promotion of a canary rule rewrites the weights only")
    func promoteCanary() throws {
        let result = try HTTPRouteManifest(source: Fixtures.canaryManifest).promoting("v2", rule: canary, versions: ["v1", "v2"])
        #expect(changedLines(Fixtures.canaryManifest, result) == ["      weight: 0    # baseline", "      weight: 100 # candidate"])
    }

    @Test("promotion of an A/B rule deletes its lines and rewrites the default rule's weights; comments stay")
    func promoteAB() throws {
        let result = try HTTPRouteManifest(source: Fixtures.abManifest).promoting("v2", rule: ab, versions: ["v1", "v2"])
        // Rule `ab`'s lines are gone (the comment above it stays), and only the default rule's weights changed.
        let withoutRule = Fixtures.abManifest.replacingOccurrences(of: Fixtures.abRule, with: "")
        #expect(changedLines(withoutRule, result) == ["      weight: 0", "      weight: 100"])
        let live = try RuleEditor.promotion(
            to: "v2", binding: RuleLocator.locate(ab, versions: ["v1", "v2"], in: HTTPRoute(Fixtures.object(Fixtures.abManifest))),
            in: HTTPRoute(Fixtures.object(Fixtures.abManifest)))
        #expect(try Fixtures.object(result) == live.object)
    }

    @Test("an A/B rule in flow style cannot be cut out as lines: refused, nothing written")
    func flowStyleRefused() throws {
        let source = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: reviews, namespace: bookinfo}
            spec:
              rules: [{name: ab, matches: [{headers: [{name: u, value: j}]}], backendRefs: [{name: reviews-v1, weight: 50}, {name: reviews-v2, weight: 50}]}, {name: default, backendRefs: [{name: reviews-v1, weight: 100}, {name: reviews-v2, weight: 0}]}]

            """
        let error = try #require(throws: GatewayAPIError.self) {
            try HTTPRouteManifest(source: source).promoting("v2", rule: ab, versions: ["v1", "v2"])
        }
        #expect(error.code == .manifestDocumentNotFound && error.message.contains("promote in the cluster"))
        // A split of the same flow-style file is a scalar edit and works.
        let split = try HTTPRouteManifest(source: source).applying(["v1": 0, "v2": 100], rule: ab, versions: ["v1", "v2"])
        #expect(split == source.replacingOccurrences(of: "reviews-v1, weight: 50}", with: "reviews-v1, weight: 0}")
            .replacingOccurrences(of: "reviews-v2, weight: 50}", with: "reviews-v2, weight: 100}"))
    }

    @Test("bad input: not UTF-8, not YAML, a split that does not sum to 100")
    func badInput() throws {
        let latin1 = Data(Fixtures.canaryManifest.utf8) + Data([0xE9])
        let notUTF8 = try #require(throws: GatewayAPIError.self) { try HTTPRouteManifest(data: latin1, file: "r.yaml") }
        #expect(notUTF8.code == .notUTF8 && notUTF8.httpRoute == "r.yaml")
        #expect(notUTF8.message == "r.yaml is not UTF-8 text (invalid byte at offset \(Fixtures.canaryManifest.utf8.count)); "
            + "iter8 edits manifests in place and will not re-encode one: save it as UTF-8")
        #expect(throws: (any Error).self) { try HTTPRouteManifest(source: "rules: [unclosed") }
        let error = try #require(throws: GatewayAPIError.self) {
            try HTTPRouteManifest(source: Fixtures.canaryManifest).applying(["v1": 50, "v2": 40], rule: canary, versions: ["v1", "v2"])
        }
        #expect(error.code == .invalidSplit)
    }

    @Test("the plug-in dispatches on the experiment: its manifests edit HTTPRoutes, its router and resources are the Gateway API's")
    func plugin() throws {
        let plugin = GatewayAPIRouting()
        #expect(plugin.kind == .httpRoute && plugin.manifests.kind == .httpRoute)
        #expect(plugin.writtenResources.map(\.description) == ["httproutes.gateway.networking.k8s.io"])
        let experiment = Fixtures.experiment(routing: .httpRoute(canary))
        let result = try plugin.manifests.applying(["v1": 40, "v2": 60], for: experiment, in: Data(Fixtures.canaryManifest.utf8), file: "r.yaml")
        #expect(changedLines(Fixtures.canaryManifest, result).count == 2)
    }
}

@Suite("HTTPRouteManifest on a document without metadata.namespace")
struct HTTPRouteManifestNamespaceTests {
    @Test("the document is the spec's HTTPRoute, and a backendRef selector naming the spec's namespace matches it")
    func namespaceFromTheSpec() throws {
        let source = Fixtures.canaryManifest.replacingOccurrences(of: "  namespace: bookinfo\n", with: "")
        let spec = Fixtures.spec(
            .named("canary"),
            backendRefs: ["v1": .init(name: "reviews-v1", namespace: "bookinfo"), "v2": .init(name: "reviews-v2", namespace: "bookinfo", port: 9080)])
        let result = try HTTPRouteManifest(source: source).applying(["v1": 40, "v2": 60], rule: spec, versions: ["v1", "v2"])
        #expect(result == source.replacingOccurrences(of: "weight: 90 ", with: "weight: 40 ").replacingOccurrences(of: "weight: 10 ", with: "weight: 60 "))
    }
}

@Suite("HTTPRouteManifest splits, many at random (seeded)")
struct HTTPRouteManifestPropertyTests {
    /// The text with every weight value blanked: what no split may change.
    static func blankingWeights(_ text: String) -> String {
        text.replacing(/weight: \d+/, with: "weight: _")
    }

    @Test("any valid split reads back as itself and changes nothing but weight values, in block and flow style")
    func randomSplits() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let spec = Fixtures.spec(.named("ab"), backendRefs: Fixtures.services)
        let manifest = try HTTPRouteManifest(source: Fixtures.abManifest)
        for _ in 0..<200 {
            let first = next(101)
            let split = ["v1": first, "v2": 100 - first]
            let result = try manifest.applying(split, rule: spec, versions: ["v1", "v2"])
            #expect(Self.blankingWeights(result) == Self.blankingWeights(Fixtures.abManifest))
            let route = try HTTPRoute(Fixtures.object(result))
            let binding = try RuleLocator.locate(spec, versions: ["v1", "v2"], in: route)
            #expect(try RuleEditor.currentSplit(of: route, binding: binding) == split)
        }
    }
}
