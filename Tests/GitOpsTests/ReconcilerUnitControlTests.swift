import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// Control through Git on in-memory fakes: pause, resume and terminate by committing `spec.manualOverride`.
@Suite struct ReconcilerUnitControlTests {
    typealias Harness = ReconcilerUnitHarness

    /// Fixed duration: the experiment is still running when the overrides arrive (adaptive would promote it early).
    static func spec(_ override: String? = nil) -> String { Harness.spec(override, iterations: 10, mode: .fixed) }

    @Test func pauseResumeAndTerminateThroughCommits() async throws {
        let harness = Harness(files: [Harness.path: Self.spec()])
        try await harness.run(is: .running)
        for _ in 0..<2 { await harness.step() }

        try harness.humanCommit([Harness.path: Self.spec("    action: pause")], message: "Pause the canary")
        let paused = try await harness.run(is: .paused)
        let iterationsAtPause = try #require(Harness.summary(paused.last)).completedIterations
        let splitAtPause = harness.liveSplit()
        for _ in 0..<3 { await harness.step() }
        let held = try #require(Harness.summary(await harness.step()))
        #expect(held.phase == .paused)
        #expect(held.completedIterations == iterationsAtPause)
        #expect(harness.liveSplit() == splitAtPause)
        #expect(try harness.status().state.phase == .paused)

        try harness.humanCommit([Harness.path: Self.spec()], message: "Resume the canary")
        try await harness.run(is: .running)
        for _ in 0..<2 { await harness.step() }
        #expect(try #require(Harness.summary(await harness.step())).completedIterations > iterationsAtPause)

        let terminate = "    action: terminate\n    trafficSplit:\n      reviews-v1: 70\n      reviews-v2: 30"
        try harness.humanCommit([Harness.path: Self.spec(terminate)], message: "Stop the canary at 70/30")
        let ended = try await harness.run(is: .completed)
        let finish = try #require(Harness.summary(ended.last)?.finish)
        #expect(finish.kind == .userSplit)
        #expect(finish.split == ["reviews-v1": 70, "reviews-v2": 30])
        #expect(finish.verdict == FinishPlan.Verdict.none)
        #expect(harness.liveSplit() == ["reviews-v1": 70, "reviews-v2": 30])
        #expect(harness.file("istio/reviews.yaml")?.contains("subset: v2\n      weight: 30") == true)
        let split = try #require(harness.commits("split").first)
        #expect(harness.origin.changedPaths(of: split.id) == ["istio/reviews.yaml"])
    }

    @Test func terminateWithoutASplitRollsBack() async throws {
        let harness = Harness(files: [Harness.path: Self.spec()])
        try await harness.run(is: .running)
        await harness.step()
        try harness.humanCommit([Harness.path: Self.spec("    action: terminate")], message: "Stop the canary")
        let ended = try await harness.run(is: .completed)
        let finish = try #require(Harness.summary(ended.last)?.finish)
        #expect(finish.kind == .rollback, "\(finish)")
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
    }
}
