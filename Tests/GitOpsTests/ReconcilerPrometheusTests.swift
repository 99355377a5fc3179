import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// The reconciler reading a real Prometheus (the Debian package) that scrapes the simulated mesh, in real
/// time: a canary that holds while Prometheus is down and carries on when it is back.
@Suite(.serialized) struct ReconcilerPrometheusTests {
    @Test func realPrometheusOutageHoldsTheCanaryThenItIsPromoted() async throws {
        let port = try FreePort.next()
        // The no-data deadline is far away: the outage must hold, never roll back, however slow the machine.
        let spec = ReconcilerHarness.experiment(
            name: "reviews-canary", iterations: 5, extra: "  analysis:\n    noDataDeadlineSeconds: 600"
        ).replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: 2")
        // The mesh runs in real time and stamps its samples, so a loaded machine's lag (the simulation catches up
        // in bursts) does not skew what Prometheus stores for a window.
        let harness = try await ReconcilerHarness.start(
            files: ["experiments/reviews-canary.yaml": spec], prometheusURL: URL(string: "http://127.0.0.1:\(port)/")!,
            stampMetricsSamples: true)
        defer { Task { await harness.stop() } }
        let mesh = harness.playground.mesh
        let driver = Task { await mesh.run(tick: .milliseconds(50)) }
        defer { driver.cancel() }
        let target = "127.0.0.1:\(harness.playground.metricsServer.port)"
        var prometheus = try await PrometheusServer.start(scraping: [target], port: port)
        defer { prometheus.stop() }
        let reconciler = harness.playground.reconciler
        let key = "bookinfo/reviews-canary"
        func pass() async throws -> ExperimentSummary? {
            let report = await reconciler.pass()
            if let failure = report.failure, failure.stage != .publish { throw TestSupportError("\(failure)") }
            return report.experiments.first { $0.key == key }
        }
        var summary: ExperimentSummary?
        try await Wait.until("two iterations on real Prometheus data", timeout: .seconds(60), interval: .milliseconds(250)) {
            summary = try await pass()
            return (summary?.completedIterations ?? 0) >= 2
        }
        let iterations = summary?.completedIterations ?? 0
        prometheus.stop()
        let weights = try await harness.liveWeights()
        var held: ExperimentSummary?
        try await Wait.until("a held iteration while Prometheus is down", timeout: .seconds(60), interval: .milliseconds(250)) {
            held = try await pass()
            return held?.events.contains { $0.contains("not measured") } == true
        }
        #expect(held?.phase == .running)
        #expect(held?.completedIterations == iterations)
        let during = try await harness.liveWeights()
        #expect(during == weights)
        #expect(try await harness.show(StatusPaths.status("experiments/reviews-canary")).contains("reason: MetricsUnavailable"))

        prometheus = try await PrometheusServer.start(scraping: [target], port: port)
        try await Wait.until("the canary to complete after Prometheus came back", timeout: .seconds(60), interval: .milliseconds(250)) {
            summary = try await pass()
            return summary?.phase == .completed
        }
        #expect(summary?.finish?.kind == .promotion, "\(summary?.events ?? [])")
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("reason: MetricsAvailable"))
    }
}
