import Experiments
import Foundation
import Git
import GitOps
import Synchronization
import Testing
import TestSupport

/// What only the real parts prove (the reconciler's logic is covered fast on in-memory fakes in ReconcilerUnit*Tests):
/// a push race on a real git server, the `git` apply mode with the committed manifest applied to the Sandbox as a
/// GitOps tool would, and a git daemon that goes away and comes back.
@Suite(.serialized) struct ReconcilerSafetyTests {
    static let path = "experiments/reviews-canary.yaml"
    static let statusPath = StatusPaths.status("experiments/reviews-canary")

    @Test func anotherWriterDuringTheExperimentLosesNothingAndNothingIsForced() async throws {
        let interfering = Mutex<InterferingRepository?>(nil)
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary")],
            wrap: { origin, repository in
                let wrapped = InterferingRepository(
                    repository, origin: origin,
                    interference: [2: ["docs/notes.md": "release notes\n"], 4: ["docs/notes.md": "more notes\n"]])
                interfering.withLock { $0 = wrapped }
                return wrapped
            })
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed)
        #expect(reports.reduce(0) { $0 + $1.pushRejections } >= 2)
        let theirs = try #require(interfering.withLock { $0 }).theirs.withLock { $0 }
        #expect(theirs.count == 2)
        let head = try await harness.head()
        for commit in theirs {
            // Every commit of the other writer is an ancestor of the final head: nothing was overwritten.
            _ = try await harness.git(["merge-base", "--is-ancestor", commit, head])
        }
        #expect(try await harness.show("docs/notes.md") == "more notes\n")
        #expect(try await harness.originLog().filter { $0.message.contains("Iter8-Action: promotion") }.count == 1)
        // Linear history: no merge commits.
        let merges = try await harness.git(["rev-list", "--merges", head])
        #expect(merges.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    @Test func gitApplyModeWaitsForTheGitOpsToolToApplyTheCommittedSplit() async throws {
        let spec = ReconcilerHarness.experiment(name: "reviews-canary", extra: "  promotion:\n    applyMode: git")
        let harness = try await ReconcilerHarness.start(files: [Self.path: spec])
        defer { Task { await harness.stop() } }
        let run = try await harness.runApplyingCommitted("istio/reviews.yaml")
        #expect(run.completed)
        let weightCommits = run.reports.flatMap(\.pushedCommits).filter { $0.subject.contains("set weights") }.count
        #expect(weightCommits >= 2, "every weight change is a commit for the GitOps tool")
        #expect(run.applied.count >= 3)
        let live = try await harness.liveWeights()
        #expect(live == ["v1": 0, "v2": 100])
    }

    /// Git down for longer than the interval plus the no-data deadline (10 s + 100 s): the cluster goes back to
    /// the baseline during the outage, and the rollback is committed once Git answers, decided again from the
    /// status in Git (no memory of the outage involved).
    @Test func gitUnreachablePastTheDeadlineRollsBackThenRecordsIt() async throws {
        let harness = try await ReconcilerHarness.start(files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary")])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        try await harness.playground.step(simulatedSeconds: 10)  // one iteration recorded
        let split = try await harness.liveWeights()
        #expect(split["v2", default: 0] > 0)
        let before = try await harness.head()
        harness.daemon.process.stop()

        let within = try await harness.playground.step(simulatedSeconds: 60)
        #expect(within.failure?.stage == .poll)
        #expect(within.outageActions.isEmpty)
        #expect(try await harness.liveWeights() == split)

        let past = try await harness.playground.step(simulatedSeconds: 60)
        #expect(past.failure?.stage == .poll)
        #expect(past.outageActions.count == 1)
        #expect(past.outageActions.first?.contains("bookinfo/reviews-canary: Git unreachable") == true, "\(past.outageActions)")
        #expect(try await harness.liveWeights() == ["v1": 100, "v2": 0])
        let again = try await harness.playground.step(simulatedSeconds: 10)
        #expect(again.outageActions.isEmpty)  // already at the baseline: nothing to do twice

        let daemon = try await GitDaemonServer.start(serving: harness.origin, port: harness.daemon.port)
        defer { daemon.process.stop() }
        let back = try await harness.playground.step(simulatedSeconds: 10)
        #expect(back.failure == nil, "\(back.failure.map { "\($0)" } ?? "")")
        let summary = try #require(back.experiments.first { $0.key == "bookinfo/reviews-canary" })
        #expect(summary.phase == .completed)
        #expect(summary.finish?.kind == .rollback)
        #expect(summary.finish?.trigger == .noDataDeadline)
        #expect(back.pushedCommits.map(\.kind).contains(.rollback))
        let log = try await harness.originLog()
        let rollback = try #require(log.first { $0.message.contains("Iter8-Action: rollback") })
        #expect(rollback.message.contains("Iter8-Experiment: bookinfo/reviews-canary"))
        #expect(log.contains { $0.id == before })  // nothing lost, nothing forced
        let status = try await harness.show(Self.statusPath)
        #expect(status.contains("no iteration recorded since"))
        #expect(status.contains("phase: Completed"))
        #expect(try await harness.show("istio/reviews.yaml").contains("weight: 100"))
        #expect(try await harness.liveWeights() == ["v1": 100, "v2": 0])
    }
}
