import Experiments
import Foundation
import Git
import GitOps
import Testing
import TestSupport

/// How an experiment's end is recorded, end to end: the `Iter8-Verdict` trailer, the `Concluded` condition, the
/// report's sentence and the verdict counter (a real git server, the Sandbox over HTTPS, the simulated mesh).
@Suite(.serialized) struct ReconcilerVerdictTests {
    /// A canary whose candidate (reviews-v2, a mean latency of 60 ms) sits exactly at its latency limit: no amount
    /// of evidence shows it on either side without a tolerance band, so an adaptive run ends inconclusive: it is
    /// not extended towards `maxIterations`, since the sample a decision needs is out of reach at its traffic.
    static func atTheLimit(name: String, maxIterations: Int) -> String {
        ReconcilerHarness.experiment(
            name: name, iterations: 2,
            objectives: """
                - metric: iter8-istio/mean-latency
                  upperLimit: 60
                - metric: iter8-istio/error-rate
                  upperLimit: "0.02"
                """,
            extra: "  analysis:\n    tolerance: 0"
        ).replacingOccurrences(
            of: "    iterationsPerLoop: 2\n",
            with: "    iterationsPerLoop: 2\n    mode: adaptive\n    minIterations: 1\n    maxIterations: \(maxIterations)\n")
    }

    @Test func aCanaryAtItsLimitEndsInconclusiveAndTheTrafficGoesBackToTheBaseline() async throws {
        let key = "bookinfo/reviews-limit"
        let harness = try await ReconcilerHarness.start(files: [
            "experiments/reviews-limit.yaml": Self.atTheLimit(name: "reviews-limit", maxIterations: 4)
        ])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: key, is: .completed)
        let summary = try #require(reports.last?.experiments.first { $0.key == key })
        let finish = try #require(summary.finish)
        #expect(finish.trigger == .inconclusive)
        #expect(finish.verdict == .inconclusive)
        #expect(finish.kind == .rollback)
        #expect(finish.version == "reviews-v1")
        // Not extended to the 4 allowed: even an optimistic projection leaves the needed sample out of reach.
        let iterations = summary.completedIterations
        #expect((1..<4).contains(iterations), "ended before maxIterations (4)")
        #expect(finish.reason.hasPrefix("inconclusive after \(iterations) iterations"), "\(finish.reason)")
        #expect(finish.reason.contains("a decision needs about "), "\(finish.reason)")
        #expect(finish.reason.hasSuffix("by iteration 4, so the experiment is not extended"), "\(finish.reason)")
        #expect(try await harness.liveWeights() == ["v1": 100, "v2": 0])

        // One commit records the end, with the verdict trailer and a subject and body that say why.
        let log = try await harness.originLog()
        let ends = log.filter { $0.message.contains("Iter8-Verdict:") }
        #expect(ends.count == 1)
        let end = try #require(ends.first)
        #expect(end.message.contains("Iter8-Verdict: inconclusive"))
        #expect(end.message.contains("Iter8-Action: rollback"))
        #expect(end.message.hasPrefix("iter8: roll back \(key) to reviews-v1: inconclusive\n"), "\(end.message)")
        #expect(end.message.contains("inconclusive after \(iterations) iterations"))
        let commits = log.compactMap { entry in
            GitOID(hex: entry.id).map {
                GitCommit(id: $0, parents: [], message: entry.message, author: GitSignature(name: "iter8", email: "iter8@example.com", time: .now), time: .now)
            }
        }
        let history = RolloutHistory.entries(from: commits, experiment: key)
        #expect(history.compactMap(\.verdict) == ["inconclusive"])

        // The status: Concluded=False/Inconclusive with the reason; the report says it in a sentence.
        let status = try StatusFile.read(Data(try await harness.show(StatusPaths.status("experiments/reviews-limit")).utf8), file: "status")
        let concluded = try #require(status.state.condition(ConditionType.concluded))
        #expect(concluded.status == "False")
        #expect(concluded.reason == "Inconclusive")
        #expect(concluded.message == finish.reason)
        let report = try await harness.show(StatusPaths.report("experiments/reviews-limit"))
        #expect(report.contains("**Verdict: inconclusive.** inconclusive after \(iterations) iterations"))

        // The counter: once, whatever the passes after the end.
        _ = try await harness.playground.step(simulatedSeconds: 10)
        #expect(reports.flatMap(\.verdicts) == [.inconclusive])
    }
}
