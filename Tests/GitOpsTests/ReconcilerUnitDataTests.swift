import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// Missing data, a metrics outage, versions that are not ready and a cluster that does not answer, on in-memory
/// fakes: the experiment holds its traffic, says why, and carries on or rolls back at the no-data deadline.
@Suite struct ReconcilerUnitDataTests {
    typealias Harness = ReconcilerUnitHarness

    @Test func missingDataHoldsTheTrafficThenTheCanaryCarriesOn() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(iterations: 8, mode: .fixed)])
        try await harness.run(is: .running)
        await harness.step()
        harness.metrics.set(.silent, for: "reviews-v2")
        let before = harness.liveSplit()
        let counted = try harness.status().state.completedIterations
        var held: PassReport?
        for _ in 0..<3 { held = await harness.step() }
        let summary = try #require(Harness.summary(held))
        #expect(summary.phase == .running)
        #expect(summary.completedIterations == counted, "held iterations are not counted")
        #expect(summary.assessment?.hasPrefix("held") == true, "\(summary.assessment ?? "")")
        #expect(harness.liveSplit() == before)
        #expect(try harness.status().state.noDataSince != nil)

        harness.metrics.set(.healthy, for: "reviews-v2")
        let reports = try await harness.run(is: .completed)
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
        #expect(try harness.status().state.completedIterations == 8)
    }

    @Test func aMetricsOutageHoldsTrafficSaysSoThenResumes() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(iterations: 8)])
        try await harness.run(is: .running)
        await harness.step()
        harness.metrics.setDown(true)
        let before = harness.liveSplit()
        var held: PassReport?
        for _ in 0..<3 { held = await harness.step() }
        let summary = try #require(Harness.summary(held))
        #expect(summary.phase == .running)
        #expect(summary.events.contains { $0.contains("not measured") && $0.contains("scripted metrics backend is down") })
        #expect(Harness.failures(held, "prometheus") > 0)
        #expect(harness.liveSplit() == before)
        #expect(harness.file(Harness.statusPath)?.contains("reason: MetricsUnavailable") == true)

        harness.metrics.setDown(false)
        let reports = try await harness.run(is: .completed)
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
        #expect(harness.file(Harness.statusPath)?.contains("reason: MetricsAvailable") == true)
    }

    @Test func anOutagePastTheNoDataDeadlineRollsBack() async throws {
        let spec = Harness.spec(iterations: 8, extra: "  analysis:\n    noDataDeadlineSeconds: 30\n")
        let harness = Harness(files: [Harness.path: spec])
        try await harness.run(is: .running)
        await harness.step()
        #expect(harness.liveSplit()["reviews-v2", default: 0] > 0)
        harness.metrics.setDown(true)
        let reports = try await harness.run(is: .completed, maxSteps: 10)
        let finish = try #require(Harness.summary(reports.last)?.finish)
        #expect(finish.kind == .rollback)
        #expect(finish.trigger == .noDataDeadline)
        #expect(finish.verdict == FinishPlan.Verdict.none)
        // Held for at least the deadline: 30 s at 10 s a pass, from the first held iteration.
        #expect(reports.count >= 3)
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(harness.commits("rollback").count == 1)
    }

    @Test func versionsNotReadyHoldTheStartThenItRuns() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        harness.readiness.setNotReady("reviews-v2")
        var report: PassReport?
        for _ in 0..<3 { report = await harness.step() }
        let summary = try #require(Harness.summary(report))
        #expect(summary.phase == .initializing, "\(summary.events)")
        #expect(harness.router.changes.isEmpty, "no traffic moves before every version is ready")
        let status = try #require(harness.file(Harness.statusPath))
        #expect(status.contains("reason: VersionsNotReady"))
        #expect(status.contains("reviews-v2 is not ready: 0/1 replicas available"))

        harness.readiness.setNotReady("reviews-v2", nil)
        let reports = try await harness.run(is: .completed)
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
    }

    @Test func anUnreachableClusterHoldsTheRunningExperiment() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(mode: .fixed)])
        try await harness.run(is: .running)
        await harness.step()
        let split = harness.liveSplit()
        // Nothing of the cluster answers: Deployments, the routed object.
        harness.readiness.setUnreachable(true)
        for operation in [InMemoryTrafficRouter.Operation.read, .apply, .promote] { harness.router.fail(operation) }
        var report: PassReport?
        for _ in 0..<2 { report = await harness.step() }
        let summary = try #require(Harness.summary(report))
        #expect(summary.phase == .running)
        #expect(Harness.failures(report, "kubernetes") > 0)
        #expect(harness.liveSplit() == split)
        let status = try #require(harness.file(Harness.statusPath))
        #expect(status.contains("cannot reach the cluster"))
        #expect(status.contains("reason: VersionsNotReady"))

        harness.readiness.setUnreachable(false)
        harness.router.heal()
        let reports = try await harness.run(is: .completed)
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
    }

    /// Cluster mode's write-ahead: a split that was recorded but could not be applied is put back by the next pass.
    @Test func aSplitThatFailedToApplyIsRestoredByTheNextPass() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(mode: .fixed)])
        harness.router.fail(.apply, count: 1)
        let first = await harness.step()
        #expect(Harness.kinds(first) == ["status"])
        #expect(Harness.failures(first, "kubernetes") == 1)
        #expect(harness.router.split(of: Harness.reviews) == nil, "the recorded split did not go live")
        let recorded = try #require(try harness.status().state.weights)
        let next = await harness.step(1)
        #expect(Harness.summary(next)?.events.contains { $0.hasPrefix("restored the recorded split") } == true)
        #expect(harness.liveSplit() == recorded)
        // Someone changes the live route by hand: the recorded split is the truth in cluster mode.
        harness.router.set(["reviews-v1": 50, "reviews-v2": 50], on: Harness.reviews)
        let restored = await harness.step(1)
        #expect(Harness.summary(restored)?.events.contains { $0.contains("(the cluster had reviews-v1=50 reviews-v2=50)") } == true)
        #expect(harness.liveSplit() == (try harness.status().state.weights))
    }

    @Test func aRunningExperimentReadsItsLiveRouteOncePerPass() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec(mode: .fixed)])
        let first = await harness.step()
        #expect(Harness.summary(first)?.phase == .running)
        // A pass with no iteration due: the readiness check reads the live split, and the check that the recorded
        // split is live uses that read (nothing was done in between) instead of reading the route again.
        let before = harness.router.readCount
        let idle = await harness.step(1)
        #expect(Harness.summary(idle)?.phase == .running)
        #expect(harness.router.readCount - before == 1)
        // A split changed by hand is still found and restored by that one read.
        harness.router.set(["reviews-v1": 50, "reviews-v2": 50], on: Harness.reviews)
        let restored = await harness.step(1)
        #expect(Harness.summary(restored)?.events.contains { $0.contains("(the cluster had reviews-v1=50 reviews-v2=50)") } == true)
        #expect(harness.liveSplit() == (try harness.status().state.weights))
    }
}
