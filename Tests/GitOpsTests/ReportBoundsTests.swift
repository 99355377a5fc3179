import Experiments
import Foundation
import GitOps
import Testing

@Suite("Report: bounded whatever the number of iterations, and drawn from compact records too")
struct ReportBoundsTests {
    @Test func aThousandIterationsGiveABoundedReport() throws {
        let written = try StatusFile.write(ReplayFixtures.status(iterations: 1000))
        let renderer = ReportRenderer()
        let markdown = renderer.markdown(for: written.status, chartFile: "c.svg")
        let svg = renderer.svg(for: written.status)
        #expect(markdown.utf8.count < 64 * 1024, "\(markdown.utf8.count) bytes")
        #expect(svg.utf8.count < 128 * 1024, "\(svg.utf8.count) bytes")
        #expect(markdown.contains("The last 100 of 1000 recorded iterations."))
        #expect(markdown.contains("Iterations 1–899 (899) are folded into a digest."))
        #expect(markdown.contains("| 1000 |") && !markdown.contains("| 900 |"))
        #expect(svg.contains("the last 100 of 1000 iterations"))
        let parsed = try #require(ParsedSVG.parse(svg))
        #expect(parsed.versions(of: "weight") == ["reviews-v1", "reviews-v2"])
        #expect(parsed.versions(of: "mean") == ["reviews-v1", "reviews-v2"])
        // Even uncompacted, the report is capped the same way.
        let full = renderer.markdown(for: ReplayFixtures.status(iterations: 300), chartFile: "c.svg")
        #expect(full.contains("The last 100 of 300 recorded iterations."))
    }

    @Test func compactRecordsKeepTheTableAndTheChart() throws {
        let written = try StatusFile.write(ReplayFixtures.status(iterations: 30))
        let renderer = ReportRenderer()
        let markdown = renderer.markdown(for: written.status, chartFile: "c.svg")
        #expect(markdown.contains("The first 29 shown are compact records"))
        for number in 1...30 { #expect(markdown.contains("| \(number) | ")) }
        let parsed = try #require(ParsedSVG.parse(renderer.svg(for: written.status)))
        let means = parsed.elements.filter { $0.name == "path" && $0.attributes["class"] == "mean" }
        // Every iteration has a point on the key metric line, compact ones too: 30 segments per version.
        for path in means { #expect(path.attributes["d"]?.split(separator: "L").count == 30) }
        // Only compact records left: the latest assessment says so.
        let onlyCompact = try StatusFile.write(ReplayFixtures.status(iterations: 30), policy: StatusCompaction(fullIterations: 0, compactIterations: 500))
        let text = renderer.markdown(for: onlyCompact.status, chartFile: "c.svg")
        #expect(text.contains("Iteration 30 at 2027-01-15T08:30:00Z: only its compact record is kept"))
    }
}
