import Experiments
import Foundation
@testable import GitOps
import Testing
import TestSupport

@Suite("Report: the chart scale is total, whatever the values")
struct ReportScaleTests {
    static let extremes: [[Double]] = [
        [1.7e308, -1.7e308], [.greatestFiniteMagnitude, -.greatestFiniteMagnitude], [.greatestFiniteMagnitude],
        [-.greatestFiniteMagnitude, 0], [.nan], [.infinity, -.infinity], [.nan, 3], [.infinity, 1, 2],
        [.leastNonzeroMagnitude], [.leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude],
        [-.leastNonzeroMagnitude, .leastNonzeroMagnitude], [0, 0], [0], [1, 1], [-7, -7], [1e-300, 2e-300],
        [1, 1 + 1e-15], [1e9, 1e9 + 2], [1e20, 1e20 + 1e5], [1e18, -1e18], [0.001, 0.002, 250], [212.5, 231, 250],
    ]

    @Test(arguments: extremes)
    func theScaleIsFiniteWithFewTicksForAnyValues(_ values: [Double]) throws {
        guard let fitted = ChartScale.fitting(values, start: 476, end: 316) else {
            #expect(!values.contains { $0.isFinite })
            return
        }
        let domain = fitted.scale.domain
        #expect(domain.lowerBound.isFinite && domain.upperBound.isFinite && domain.lowerBound < domain.upperBound)
        #expect((1...ChartScale.maxTicks).contains(fitted.ticks.count), "\(fitted.ticks.count) ticks")
        #expect(fitted.ticks.allSatisfy { $0.isFinite })
        #expect(fitted.ticks == fitted.ticks.sorted())
        for value in values + fitted.ticks {
            let y = fitted.scale(value)
            #expect(y.isFinite && y >= 316 - 160 && y <= 476 + 160, "\(value) → \(y)")
        }
    }

    @Test func coordinatesOfHugeValuesDoNotTrap() {
        #expect(ReportFormat.coordinate(1.7e308) == "1000000000")
        #expect(ReportFormat.coordinate(-.greatestFiniteMagnitude) == "-1000000000")
        #expect(ReportFormat.coordinate(.nan) == "0")
    }

    /// The hang: objective limits of ±1.7e308 made the chart's tick loop run for ever, and with it the
    /// reconciler's pass. Rendered on a thread of its own, so that a regression fails here instead of hanging.
    @Test func limitsOfPlusMinus1_7e308RenderInBoundedTime() async throws {
        var status = ReportFixtures.canary
        for index in status.iterations.indices {
            status.iterations[index].input.objectives = [Objective(metric: "mean-latency", upperLimit: 1.7e308, lowerLimit: -1.7e308)]
        }
        let finished = Finished()
        let rendered = status
        Thread {
            let renderer = ReportRenderer()
            let markdown = renderer.markdown(for: rendered, chartFile: "c.svg")
            finished.set(markdown.isEmpty ? "" : renderer.svg(for: rendered))
        }.start()
        try await Wait.until("the report of ±1.7e308 limits", timeout: .seconds(60)) { finished.value != nil }
        let svg = try #require(finished.value)
        #expect(svg.contains("limit 1.700e+308") && svg.contains("limit -1.700e+308"))
        let parsed = try #require(ParsedSVG.parse(svg))
        #expect(parsed.versions(of: "mean") == ["reviews-v1", "reviews-v2"])
    }
}

/// A value set once by another thread.
private final class Finished: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    var value: String? { lock.withLock { text } }
    func set(_ value: String) { lock.withLock { text = value } }
}
