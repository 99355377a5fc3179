import Experiments
import Foundation
import Istio
import Testing
import YAML

@Suite("The same weight change as a surgical edit of a VirtualService manifest file")
struct ManifestEditTests {
    @Test("a split rewrites only the weight scalars of the right document (golden bytes)")
    func split() throws {
        let input = try Golden.text("manifest.input.yaml")
        let manifest = try VirtualServiceManifest(source: input, file: "istio/reviews.yaml")
        let output = try manifest.applying(["v1": 60, "v2": 40], routing: Fixtures.route("primary"), versions: Fixtures.versions(["v1", "v2"]))
        try Golden.expect(output, matches: "manifest-split.expected.yaml")
        let changed = zip(input.split(separator: "\n", omittingEmptySubsequences: false), output.split(separator: "\n", omittingEmptySubsequences: false))
            .filter { $0 != $1 }
        #expect(changed.count == 2)
        #expect(input.utf8.count == output.utf8.count)
    }

    @Test("promotion in a flow-style document located by weightObjRef")
    func promotionFlowStyle() throws {
        let input = try Golden.text("manifest.input.yaml")
        let manifest = try VirtualServiceManifest(source: input)
        let versions = Fixtures.versions(
            ["ratings-v1", "ratings-v2"], references: [".spec.http[0].route[0].weight", ".spec.http[0].route[1].weight"], object: "ratings")
        let output = try manifest.promoting("ratings-v2", routing: .weightObjectReferences, versions: versions)
        try Golden.expect(output, matches: "manifest-promotion.expected.yaml")
        #expect(output.contains("http: [{route: [{destination: {host: ratings, subset: v1}, weight: 0}, {destination: {host: ratings, subset: v2}, weight: 100}]}]"))
    }

    @Test("a destination without a weight key is an error naming the file position, not an insertion")
    func missingWeight() throws {
        let input = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
            spec:
              http:
              - name: primary
                route:
                - destination: {host: reviews, subset: v1}
                - destination: {host: reviews, subset: v2}
                  weight: 0

            """
        let manifest = try VirtualServiceManifest(source: input, file: "reviews.yaml")
        let error = try #require(throws: IstioError.self) {
            try manifest.applying(["v1": 50, "v2": 50], routing: Fixtures.route("primary"), versions: Fixtures.versions(["v1", "v2"]))
        }
        #expect(error.code == .missingWeight && error.version == "v1")
        #expect(error.message.contains("reviews.yaml:9:"))
    }

    @Test("no document or two documents for the VirtualService")
    func documentNotFound() throws {
        let input = try Golden.text("manifest.input.yaml")
        let manifest = try VirtualServiceManifest(source: input)
        let error = try #require(throws: IstioError.self) {
            try manifest.applying(["v1": 50, "v2": 50], routing: Fixtures.route("primary", virtualService: "details"), versions: Fixtures.versions(["v1", "v2"]))
        }
        #expect(error.code == .manifestDocumentNotFound)
        let twice = try VirtualServiceManifest(source: input + "---\n" + input.split(separator: "---\n")[2])
        let duplicate = try #require(throws: IstioError.self) { try twice.virtualService(name: "reviews", namespace: "bookinfo") }
        #expect(duplicate.code == .manifestDocumentNotFound)
    }

    @Test("A/B promotion deletes the A/B route's lines and points the default route at the winner (golden bytes)")
    func abPromotion() throws {
        let input = try Golden.text("manifest-ab.input.yaml")
        let manifest = try VirtualServiceManifest(source: input, file: "istio/reviews.yaml")
        let versions = Fixtures.versions(["v1", "v2"])
        let output = try manifest.promoting("v2", routing: Fixtures.route("experiment"), versions: versions)
        try Golden.expect(output, matches: "manifest-ab-promotion.expected.yaml")
        #expect(output.contains("  # Everyone else stays on the baseline.\n  - name: default"))
        #expect(output.contains("subset: \"v2\"   # quoted on purpose"))
        #expect(!output.contains("exact: jason"))
        // The same result as the cluster-side promotion of the same object.
        let promoted = try VirtualServiceManifest(source: output).virtualService(name: "reviews", namespace: "bookinfo").virtualService
        let original = try manifest.virtualService(name: "reviews", namespace: "bookinfo").virtualService
        let binding = try RouteLocator.locate(routing: Fixtures.route("experiment"), versions: versions, in: original, destinationRules: nil)
        #expect(promoted.object == (try RouteEditor.promotion(to: "v2", binding: binding, in: original)).object)
    }

    @Test("A/B promotion without a default route deletes only the match lines")
    func abPromotionWithoutDefault() throws {
        let input = try Golden.text("manifest-ab.input.yaml")
        let cut = String(input[..<input.range(of: "  # Everyone else")!.lowerBound])
        let output = try VirtualServiceManifest(source: cut).promoting(
            "v1", routing: Fixtures.route("experiment"), versions: Fixtures.versions(["v1", "v2"]))
        #expect(!output.contains("match") && !output.contains("exact: jason"))
        #expect(output.contains("retries: {attempts: 2}"))
        #expect(output.contains("      weight: 100\n") && output.contains("      weight: 0   # candidate"))
    }

    @Test("an A/B route in flow style is refused, with the reason, rather than rewritten")
    func abPromotionRefused() throws {
        let input = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews, namespace: bookinfo}
            spec:
              http: [{name: experiment, match: [{headers: {user: {exact: jason}}}], route: [{destination: {host: reviews, subset: v1}, weight: 50}, {destination: {host: reviews, subset: v2}, weight: 50}]}, {name: default, route: [{destination: {host: reviews, subset: v1}}]}]

            """
        let manifest = try VirtualServiceManifest(source: input)
        let error = try #require(throws: IstioError.self) {
            try manifest.promoting("v2", routing: Fixtures.route("experiment"), versions: Fixtures.versions(["v1", "v2"]))
        }
        #expect(error.code == .invalidObject && error.message.contains("promote in the cluster"))
    }
}
