import Experiments
import Foundation
import Git
import Synchronization
import GitOps
import Testing
import TestSupport

/// Push races, refused pushes and an unreachable Git server, on in-memory fakes: nothing is forced or lost, a clash
/// with the pass's own files is re-decided, and the cluster follows only what Git recorded.
@Suite struct ReconcilerUnitPushTests {
    typealias Harness = ReconcilerUnitHarness

    /// Wraps the clone in an ``TestSupport/InterferingRepository`` (the harness's `repository` then).
    static func interfering(_ interference: [Int: [String: String]], racesAsLockFailures: Bool = false)
        -> (InMemoryOrigin, InMemoryGitRepository) -> any GitRepository
    {
        { origin, clone in
            InterferingRepository(clone, origin: origin, interference: interference, racesAsLockFailures: racesAsLockFailures)
        }
    }

    @Test(arguments: [false, true])
    func anotherWritersPushesAreReplayedOnNothingLostNothingForced(asLockFailures: Bool) async throws {
        let harness = Harness(
            files: [Harness.path: Harness.spec()],
            wrap: Self.interfering(
                [2: ["docs/notes.md": "release notes\n"], 4: ["docs/notes.md": "more notes\n"]], racesAsLockFailures: asLockFailures))
        let reports = try await harness.run(is: .completed)
        #expect(reports.reduce(0) { $0 + $1.pushRejections } >= 2)
        #expect(reports.allSatisfy { $0.failure == nil }, "replayed, not dropped: \(reports.compactMap(\.failure))")
        let theirs = try #require(harness.repository as? InterferingRepository).theirs.withLock { $0 }
        #expect(theirs.count == 2)
        let history = harness.log()
        for commit in theirs { #expect(history.contains { $0.id.hex == commit }, "\(commit) was overwritten") }
        #expect(harness.file("docs/notes.md") == "more notes\n")
        #expect(harness.commits("promotion").count == 1)
        #expect(history.allSatisfy { $0.parents.count <= 1 }, "linear history: no merge commits")
    }

    @Test func aWriterTouchingTheStatusFileMakesThePassReDecide() async throws {
        let harness = Harness(
            files: [Harness.path: Harness.spec()], wrap: Self.interfering([3: [Harness.statusPath: "# a human's edit\n"]]))
        let reports = try await harness.run(is: .completed, maxSteps: 60)
        let conflict = reports.first { $0.failure?.message.contains(Harness.statusPath) == true }
        #expect(conflict?.failure?.stage == .publish, "no pass reported the conflict on \(Harness.statusPath)")
        #expect(conflict?.pushedCommits.isEmpty == true)
        // The broken file did not restart the experiment: it resumed from the last readable version.
        #expect(reports.contains { Harness.summary($0)?.events.first?.contains("the status file did not decode") == true })
        let status = try harness.status()
        #expect(status.state.phase == .completed)
        let numbers = (status.compactedIterations ?? []).map(\.number) + status.iterations.map(\.number)
        #expect(numbers == Array(1...3))  // adaptive: promoted after minIterations (3)
    }

    /// A refusal whose branch did not move (a hook, a protected branch) is no race: the pass publishes nothing, and
    /// cluster mode's write-ahead keeps the cluster on what Git has.
    @Test func aRefusedPushPublishesNothingAndMovesNoTraffic() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        harness.origin.inject(.rejectPushes(count: 1))
        let refused = await harness.step()
        #expect(refused.failure?.stage == .publish)
        #expect(refused.failure?.message.contains("pre-receive hook declined") == true, "\(refused.failure.map { "\($0)" } ?? "")")
        #expect(refused.pushedCommits.isEmpty)
        #expect(harness.router.changes.isEmpty)
        #expect(harness.file(Harness.statusPath) == nil)

        let next = await harness.step()
        #expect(next.failure == nil)
        #expect(Harness.kinds(next) == ["status"])
        #expect(harness.liveSplit() == (try harness.status().state.weights))
    }

    @Test func anUnreachableGitServerChangesNothing() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        try await harness.run(is: .running)
        let split = harness.liveSplit()
        let head = harness.origin.head()
        harness.origin.inject(.unreachable)
        let report = await harness.step(60)
        #expect(report.failure?.stage == .poll)
        #expect(report.experiments.isEmpty)
        #expect(harness.liveSplit() == split)
        #expect(harness.origin.head() == head)
    }

    /// Git down for longer than the interval plus the no-data deadline (10 s + 100 s): the cluster goes back to the
    /// baseline during the outage, and the rollback is committed once Git answers, decided again from the status.
    @Test func gitUnreachablePastTheDeadlineRollsBackThenRecordsIt() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        try await harness.run(is: .running)
        await harness.step()
        let split = harness.liveSplit()
        #expect(split["reviews-v2", default: 0] > 0)
        let before = try #require(harness.origin.head())
        harness.origin.inject(.unreachable)

        let within = await harness.step(60)
        #expect(within.failure?.stage == .poll)
        #expect(within.outageActions.isEmpty)
        #expect(harness.liveSplit() == split)

        let past = await harness.step(60)
        #expect(past.outageActions.count == 1)
        #expect(past.outageActions.first?.contains("bookinfo/reviews-canary: Git unreachable") == true, "\(past.outageActions)")
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(await harness.step().outageActions.isEmpty)  // already at the baseline: nothing to do twice

        harness.origin.heal()
        let back = await harness.step()
        #expect(back.failure == nil, "\(back.failure.map { "\($0)" } ?? "")")
        let summary = try #require(Harness.summary(back))
        #expect(summary.phase == .completed)
        #expect(summary.finish?.kind == .rollback)
        #expect(summary.finish?.trigger == .noDataDeadline)
        #expect(Harness.kinds(back).contains("rollback"))
        #expect(harness.log().contains { $0.id == before })
        #expect(harness.file(Harness.statusPath)?.contains("no iteration recorded since") == true)
        #expect(harness.file("istio/reviews.yaml") == ReconcilerHarness.virtualService())
    }

    /// A service that keeps passing was supervising, however long a gap between two passes.
    @Test func aLongGapBetweenWorkingPassesIsNotALapse() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        try await harness.run(is: .running)
        await harness.step()
        let report = await harness.step(300)
        let summary = try #require(Harness.summary(report))
        #expect(summary.phase == .running, "\(summary.events)")
        #expect(summary.finish == nil)
        #expect(report.iterations == 1)
    }

    @Test func aPassStopsAfterItsChangesAndTheNextComesAtOnce() async throws {
        var configuration = Harness.configuration
        configuration.maxChangesPerPass = 1
        configuration.passConcurrency = 1
        let other = ReconcilerHarness.experiment(name: "ratings-canary")
            .replacingOccurrences(of: "target: bookinfo/reviews", with: "target: bookinfo/ratings")
        let harness = Harness(
            files: [Harness.path: Harness.spec(), "experiments/ratings-canary.yaml": other], configuration: configuration)
        let first = await harness.step(1)
        #expect(first.experiments.count == 1, "\(first.experiments.map(\.key))")
        #expect(first.requeueSeconds == 0)
        let second = await harness.step(0)
        #expect(Set(first.experiments.map(\.key) + second.experiments.map(\.key)) == [Harness.key, "bookinfo/ratings-canary"])
        for name in ["reviews-canary", "ratings-canary"] {
            #expect(harness.file(StatusPaths.status("experiments/\(name)"))?.contains("name: \(name)") == true)
        }
    }
}
