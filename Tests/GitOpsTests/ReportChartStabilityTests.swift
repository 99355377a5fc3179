import Experiments
import GitOps
import Testing

/// The committed chart changes by what is new: an added iteration adds its points and leaves the earlier
/// coordinates, ticks and labels as they were (until the iterations outgrow the axis), so the repository stores
/// a small delta per iteration instead of a redrawn chart.
@Suite("Report: the chart's iteration axis is stable")
struct ReportChartStabilityTests {
    let renderer = ReportRenderer()

    /// The lines of the chart's `<g class="…">` group.
    func group(_ kind: String, of svg: String) -> [Substring] {
        let lines = svg.split(separator: "\n")
        guard let start = lines.firstIndex(where: { $0.contains("<g class=\"\(kind)\"") }) else { return [] }
        let end = lines[start...].firstIndex { $0.contains("</g>") } ?? lines.endIndex
        return Array(lines[start..<end])
    }

    @Test(arguments: [1, 3, 12, 45])
    func anAddedIterationKeepsEveryEarlierPointAndTick(_ count: Int) {
        let before = renderer.svg(for: ReplayFixtures.status(iterations: count))
        let after = renderer.svg(for: ReplayFixtures.status(iterations: count + 1))
        // The weights panel's y axis is fixed (0–100 %): its dots are where they were, and one more per version.
        let dotsBefore = group("weights", of: before).filter { $0.contains("<circle") }
        let dotsAfter = group("weights", of: after).filter { $0.contains("<circle") }
        #expect(!dotsBefore.isEmpty)
        #expect(Set(dotsBefore).isSubset(of: Set(dotsAfter)))
        #expect(dotsAfter.count == dotsBefore.count + 2)
        // Iteration ticks and their labels stay; the new iteration may add one.
        for kind in ["axes", "labels"] {
            #expect(Set(group(kind, of: before)).isSubset(of: Set(group(kind, of: after))), "\(kind)")
        }
    }

    @Test func theAxisGrowsInStepsAndKeepsAtMostTenIntervals() {
        func ticks(_ count: Int) -> Int {
            group("labels", of: renderer.svg(for: ReplayFixtures.status(iterations: count))).filter {
                $0.contains("text-anchor=\"middle\"")
            }.count
        }
        // start and every iteration on an axis of 10, then every 2nd of 20, every 5th of 50.
        #expect(ticks(10) == 11)
        #expect(ticks(11) == 6)
        #expect(ticks(20) == 11)
        #expect(ticks(21) == 5)
        #expect(ticks(50) == 11)
        // Iteration 10 on an axis of 10 is at the right end; iteration 11 moves it to the middle of 20.
        let ten = renderer.svg(for: ReplayFixtures.status(iterations: 10))
        let eleven = renderer.svg(for: ReplayFixtures.status(iterations: 11))
        #expect(ten.contains("<text x=\"672\" y=\"252\" text-anchor=\"middle\">10</text>"))
        #expect(eleven.contains("<text x=\"374\" y=\"252\" text-anchor=\"middle\">10</text>"))
    }
}
