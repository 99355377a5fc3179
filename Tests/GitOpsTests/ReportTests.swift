import Experiments
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import GitOps
import Testing

/// The elements of an SVG document, as an XML parser sees them.
final class ParsedSVG: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, attributes: [String: String])] = []
    private(set) var texts: [String] = []
    private var current = ""

    /// Parses `svg`; nil when it is not well-formed XML.
    static func parse(_ svg: String) -> ParsedSVG? {
        let document = ParsedSVG()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = document
        return parser.parse() ? document : nil
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        current = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" || name == "title" { texts.append(current) }
        current = ""
    }

    /// The `data-version` of every `path` of `class`, in document order.
    func versions(of kind: String) -> [String] {
        elements.filter { $0.name == "path" && $0.attributes["class"] == kind }.compactMap { $0.attributes["data-version"] }
    }
}

@Suite("Report: Markdown and SVG goldens")
struct ReportGoldenTests {
    let renderer = ReportRenderer()

    @Test func canaryWithSeveralIterations() throws {
        try Golden.check(renderer.markdown(for: ReportFixtures.canary, chartFile: "reviews-canary.svg"), "report-canary.md")
        try Golden.check(renderer.svg(for: ReportFixtures.canary), "report-canary.svg")
    }

    @Test func emptyStatus() throws {
        try Golden.check(renderer.markdown(for: ReportFixtures.empty, chartFile: "ratings-ab.svg"), "report-empty.md")
        try Golden.check(renderer.svg(for: ReportFixtures.empty), "report-empty.svg")
    }

    @Test func invalidSpecStatus() throws {
        try Golden.check(renderer.markdown(for: ReportFixtures.invalidSpec, chartFile: "chart (1).svg"), "report-invalid-spec.md")
        try Golden.check(renderer.svg(for: ReportFixtures.invalidSpec), "report-invalid-spec.svg")
    }
}

@Suite("Report: content and structure")
struct ReportContentTests {
    let renderer = ReportRenderer()

    @Test func markdownNamesTheOutcomeAndLinksTheChart() {
        let text = renderer.markdown(for: ReportFixtures.canary, chartFile: "reviews-canary.svg")
        #expect(text.hasPrefix("# Experiment `bookinfo/reviews-canary`\n"))
        #expect(text.contains("![weights and key metric](reviews-canary.svg)"))
        #expect(text.contains("promoted `reviews-v2`"))
        #expect(text.contains("`9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6`"))
        #expect(text.contains("219.7 [212.4, 227.3]"))
        #expect(text.contains("| 3 | 2027-01-15T08:03:00Z | 180 s | 80 / 20 → 80 / 20 | no winner; held: No data for reviews-v2; the current weights are kept. |"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }

    @Test func invalidSpecListsEveryErrorAndEscapesPipes() {
        let text = renderer.markdown(for: ReportFixtures.invalidSpec, chartFile: "chart (1).svg")
        #expect(text.contains("## Spec errors"))
        #expect(text.contains("- `experiments/reviews-canary.yaml:12:9: spec.versions[1].name: duplicate version \"reviews-v1\"`"))
        #expect(text.contains("- ``experiments/reviews-canary.yaml:20:5: spec.criteria[0]: `upperLimit` must be > 0 | got -1 & <none>``"))
        #expect(text.contains("![weights and key metric](<chart (1).svg>)"))
        #expect(text.contains("**Weights:** reviews-v1=90 reviews-v2=10 (pending reviews-v1=85 reviews-v2=15)"))
        #expect(text.contains("**Rollback recommended.**"))
    }

    @Test func svgIsWellFormedWithOneLinePerVersionInEachPanel() throws {
        let svg = try #require(ParsedSVG.parse(renderer.svg(for: ReportFixtures.canary)))
        #expect(svg.elements.first?.name == "svg")
        #expect(svg.elements.first?.attributes["viewBox"] == "0 0 720 540")
        #expect(svg.versions(of: "weight") == ["reviews-v1", "reviews-v2"])
        #expect(svg.versions(of: "mean") == ["reviews-v1", "reviews-v2"])
        #expect(svg.versions(of: "band") == ["reviews-v1", "reviews-v2"])
        #expect(svg.texts.contains("mean-latency: posterior mean and 95% credible interval"))
        #expect(svg.texts.contains("limit 250"))
        #expect(!svg.elements.contains { ["script", "image", "foreignObject", "style"].contains($0.name) })
    }

    @Test func theGapWithoutDataBreaksTheCandidatesLine() throws {
        let svg = try #require(ParsedSVG.parse(renderer.svg(for: ReportFixtures.canary)))
        let mean = try #require(svg.elements.first { $0.attributes["class"] == "mean" && $0.attributes["data-version"] == "reviews-v2" })
        let d = try #require(mean.attributes["d"])
        #expect(d.filter { $0 == "M" }.count == 2, "iteration 3 has no data: two segments, got \(d)")
    }

    @Test func renderingIsDeterministic() {
        for status in [ReportFixtures.canary, ReportFixtures.empty, ReportFixtures.invalidSpec] {
            #expect(renderer.svg(for: status) == renderer.svg(for: status))
            #expect(renderer.markdown(for: status, chartFile: "c.svg") == renderer.markdown(for: status, chartFile: "c.svg"))
        }
    }

    @Test func emptyAndNoDataStatusesStillGiveValidSVG() throws {
        let empty = try #require(ParsedSVG.parse(renderer.svg(for: ReportFixtures.empty)))
        #expect(empty.versions(of: "weight").isEmpty)
        #expect(empty.texts.filter { $0 == "No iterations yet" }.count == 2)

        var noData = ReportFixtures.canary
        noData.iterations = [ReportFixtures.record(1, minutes: 1, before: nil, after: [100, 0], lines: [
            .init(name: "reviews-v1", latency: nil, errors: nil, verdicts: [(.noData, nil), (.noData, nil)], best: 0.5),
            .init(name: "reviews-v2", latency: nil, errors: nil, verdicts: [(.noData, nil), (.noData, nil)], best: 0.5),
        ], held: true)]
        let parsed = try #require(ParsedSVG.parse(renderer.svg(for: noData)))
        #expect(parsed.texts.contains("No data yet"))
        #expect(parsed.versions(of: "weight") == ["reviews-v1", "reviews-v2"])
        #expect(renderer.markdown(for: noData, chartFile: "c.svg").contains("| no data | no data |"))
    }

    @Test func conformanceHasOneVersionAndTheRewardIsTheKeyMetric() throws {
        var conformance = ReportFixtures.canary
        conformance.iterations = [ReportFixtures.record(1, minutes: 1, before: ["reviews-v1": 100], after: [100], lines: [
            .init(name: "reviews-v1", latency: ReportFixtures.summary(200, 190, 210), errors: ReportFixtures.summary(0.001, 0, 0.002), verdicts: [(.pass, 1), (.pass, 1)], best: 1),
        ], winner: "reviews-v1", pattern: .conformance)]
        conformance.state.weights = ["reviews-v1": 100]
        conformance.state.finish = nil
        let svg = try #require(ParsedSVG.parse(renderer.svg(for: conformance)))
        #expect(svg.versions(of: "weight") == ["reviews-v1"])
        #expect(svg.versions(of: "band") == ["reviews-v1"])

        var ab = conformance
        ab.iterations[0].input.reward = Reward(metric: "error-rate", preferredDirection: .low)
        let abSVG = try #require(ParsedSVG.parse(renderer.svg(for: ab)))
        #expect(abSVG.texts.contains("error-rate: posterior mean and 95% credible interval"))
    }

    @Test func textIsEscapedInTheSVG() throws {
        var status = ReportFixtures.canary
        status.experiment.name = "a<b>&\"c'"
        let svg = renderer.svg(for: status)
        #expect(svg.contains("a&lt;b&gt;&amp;&quot;c&apos;"))
        #expect(ParsedSVG.parse(svg) != nil)
    }
}
