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

    @Test("an A/B route in a manifest is refused for promotion, with the reason")
    func abPromotionRefused() throws {
        let input = try Golden.text("manifest.input.yaml")
        let manifest = try VirtualServiceManifest(source: input)
        let error = try #require(throws: IstioError.self) {
            try manifest.promoting("debug", routing: Fixtures.route("debug"), versions: Fixtures.versions(["debug"]))
        }
        #expect(error.code == .invalidObject && error.message.contains("match"))
    }
}
