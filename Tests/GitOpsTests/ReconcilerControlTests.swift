import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// Control through Git: pause, resume and terminate by committing the spec; deleting it; an invalid spec
/// next to a valid one.
@Suite(.serialized) struct ReconcilerControlTests {
    static let path = "experiments/reviews-canary.yaml"
    /// Fixed duration: the experiment is still running when the overrides arrive (adaptive would promote it early).
    static func spec(_ override: String? = nil, iterations: Int = 10) -> String {
        ReconcilerHarness.experiment(
            name: "reviews-canary", iterations: iterations, extra: override.map { "  manualOverride:\n\($0)" } ?? "",
            mode: .fixed)
    }

    @Test func pauseResumeAndTerminateThroughCommits() async throws {
        let harness = try await ReconcilerHarness.start(files: [Self.path: Self.spec()])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        for _ in 0..<2 { _ = try await harness.playground.step(simulatedSeconds: 10) }

        try await harness.push(files: [Self.path: Self.spec("    action: pause")], message: "Pause the canary")
        let paused = try await harness.run(until: "bookinfo/reviews-canary", is: .paused)
        let iterationsAtPause = try #require(paused.last?.experiments.first).completedIterations
        let weightsAtPause = try await harness.liveWeights()
        for _ in 0..<3 { _ = try await harness.playground.step(simulatedSeconds: 10) }
        let held = try #require(await harness.playground.reconciler.pass().experiments.first)
        #expect(held.phase == .paused)
        #expect(held.completedIterations == iterationsAtPause)
        let weightsWhilePaused = try await harness.liveWeights()
        #expect(weightsWhilePaused == weightsAtPause)

        try await harness.push(files: [Self.path: Self.spec()], message: "Resume the canary")
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        for _ in 0..<2 { _ = try await harness.playground.step(simulatedSeconds: 10) }
        let resumed = try #require(await harness.playground.reconciler.pass().experiments.first)
        #expect(resumed.completedIterations > iterationsAtPause)

        let terminate = "    action: terminate\n    trafficSplit:\n      reviews-v1: 70\n      reviews-v2: 30"
        try await harness.push(files: [Self.path: Self.spec(terminate)], message: "Stop the canary at 70/30")
        let ended = try await harness.run(until: "bookinfo/reviews-canary", is: .completed)
        let finish = try #require(ended.last?.experiments.first?.finish)
        #expect(finish.kind == .userSplit)
        #expect(finish.split == ["reviews-v1": 70, "reviews-v2": 30])
        let live = try await harness.liveWeights()
        #expect(live == ["v1": 70, "v2": 30])
        #expect(try await harness.show("istio/reviews.yaml").contains("subset: v2\n      weight: 30"))
        #expect(try await harness.originLog().contains { $0.message.contains("Iter8-Action: split") })
    }

    @Test func deletingTheSpecRollsBackAndIsRecorded() async throws {
        let harness = try await ReconcilerHarness.start(files: [Self.path: Self.spec()])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        for _ in 0..<2 { _ = try await harness.playground.step(simulatedSeconds: 10) }
        let moved = try await harness.liveWeights()
        #expect(moved["v2", default: 0] > 0)
        try await harness.deleteFromAnotherWriter(Self.path)
        let ended = try await harness.run(until: "bookinfo/reviews-canary", is: .completed)
        let summary = try #require(ended.last?.experiments.first)
        #expect(summary.finish?.trigger == .specDeleted)
        #expect(summary.finish?.kind == .rollback)
        let live = try await harness.liveWeights()
        #expect(live == ["v1": 100, "v2": 0])
        let status = try await harness.show("experiments/reviews-canary.status.yaml")
        #expect(status.contains("specDeleted"))
        // Once completed, the orphan status is left alone: no further commits.
        let head = try await harness.head()
        _ = try await harness.playground.step(simulatedSeconds: 10)
        #expect(try await harness.head() == head)
    }

    @Test func anInvalidSpecGetsItsErrorsAndDoesNotDisturbAValidOne() async throws {
        let invalid = ReconcilerHarness.experiment(name: "broken", candidates: ["reviews-v3"])
            .replacingOccurrences(of: "iterationsPerLoop: 6", with: "iterationsPerLoop: six")
            .replacingOccurrences(of: "target: bookinfo/reviews", with: "target: bookinfo/other")
        let harness = try await ReconcilerHarness.start(files: [
            "experiments/broken.yaml": invalid, Self.path: Self.spec(iterations: 4),
        ], subsets: ["v1", "v2"])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed)
        let broken = try #require(reports.last?.experiments.first { $0.key == "bookinfo/broken" })
        #expect(broken.specErrors.first?.contains("experiments/broken.yaml:") == true, "\(broken.specErrors)")
        #expect(broken.specErrors.contains { $0.contains("iterationsPerLoop") })
        let status = try await harness.show("experiments/broken.status.yaml")
        #expect(status.contains("specErrors:"))
        #expect(status.contains("expected an integer"))
        #expect(reports.last?.experiments.first { $0.key == "bookinfo/reviews-canary" }?.finish?.kind == .promotion)
        // An unchanged invalid spec is written once, not at every pass.
        let writes = try await harness.git(["log", "--format=%H", "--", "experiments/broken.status.yaml"])
        #expect(writes.split(separator: "\n").count == 1)

        // Fixed by a new commit, it starts as a new experiment.
        let fixed = ReconcilerHarness.experiment(name: "broken", iterations: 2)
            .replacingOccurrences(of: "target: bookinfo/reviews", with: "target: bookinfo/other")
        try await harness.push(files: ["experiments/broken.yaml": fixed], message: "Fix the spec")
        let after = try await harness.run(until: "bookinfo/broken", is: .completed)
        let repaired = try #require(after.last?.experiments.first { $0.key == "bookinfo/broken" })
        #expect(repaired.specErrors.isEmpty)
        // It ran as a new experiment (after the promotion above the baseline gets no traffic, so it ends for
        // lack of data: the point here is that the repaired spec was picked up, not its verdict).
        #expect(repaired.finish != nil)
        #expect(!(try await harness.show("experiments/broken.status.yaml")).contains("specErrors"))
    }
}
