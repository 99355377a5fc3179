import Experiments
import Foundation
import Git
import GitOps
import Playground
import Sandbox
import Synchronization
import Testing
import TestSupport

/// Push races, a metrics backend that goes away, and the `git` apply mode with a GitOps tool applying
/// what the reconciler commits.
@Suite(.serialized) struct ReconcilerSafetyTests {
    static let path = "experiments/reviews-canary.yaml"
    static let statusPath = "experiments/reviews-canary.status.yaml"

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

    @Test func aWriterTouchingTheStatusFileMakesThePassReDecide() async throws {
        let status = "experiments/reviews-canary.status.yaml"
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary")],
            wrap: { origin, repository in
                InterferingRepository(repository, origin: origin, interference: [3: [status: "# a human's edit\n"]])
            })
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed, maxSteps: 60)
        let conflict = reports.first { $0.failure?.message.contains(status) == true }
        #expect(conflict != nil, "no pass reported the conflict on \(status)")
        let text = try await harness.show(status)
        #expect(text.contains("phase: Completed"))
        // The broken file did not restart the experiment: it resumed from the last readable version.
        #expect(reports.contains { $0.experiments.first?.events.first?.contains("the status file did not decode") == true })
        let numbers = text.split(separator: "\n").filter { $0.hasPrefix("- number: ") }.compactMap { Int($0.split(separator: " ").last ?? "") }
        #expect(numbers == Array(1...3))  // adaptive: promoted once the winner is established after minIterations (3)
    }

    @Test func metricsOutageHoldsTrafficThenResumes() async throws {
        let harness = try await ReconcilerHarness.start(files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 8)])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        for _ in 0..<2 { _ = try await harness.playground.step(simulatedSeconds: 10) }
        let port = harness.playground.metricsServer.port
        await harness.playground.metricsServer.stop()
        let before = try await harness.liveWeights()
        var held: PassReport?
        for _ in 0..<3 { held = try await harness.playground.step(simulatedSeconds: 10) }
        let summary = try #require(held?.experiments.first)
        #expect(summary.phase == .running)
        let during = try await harness.liveWeights()
        #expect(during == before)
        let status = try await harness.show("experiments/reviews-canary.status.yaml")
        #expect(status.contains("reason: MetricsUnavailable"))
        #expect((held?.apiFailures[.prometheus] ?? 0) > 0)
        let restarted = try await MeshMetricsServer.start(mesh: harness.playground.mesh, port: port)
        defer { Task { await restarted.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed)
        #expect(reports.last?.experiments.first?.finish?.kind == .promotion)
    }

    @Test func metricsOutagePastTheDeadlineRollsBack() async throws {
        let spec = ReconcilerHarness.experiment(
            name: "reviews-canary", iterations: 8, extra: "  analysis:\n    noDataDeadlineSeconds: 30")
        let harness = try await ReconcilerHarness.start(files: [Self.path: spec])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        for _ in 0..<2 { _ = try await harness.playground.step(simulatedSeconds: 10) }
        await harness.playground.metricsServer.stop()
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed, maxSteps: 10)
        let finish = try #require(reports.last?.experiments.first?.finish)
        #expect(finish.kind == .rollback)
        #expect(finish.trigger == .noDataDeadline)
        let live = try await harness.liveWeights()
        #expect(live == ["v1": 100, "v2": 0])
    }

    @Test func gitApplyModeWaitsForTheGitOpsToolToApplyTheCommittedSplit() async throws {
        let spec = ReconcilerHarness.experiment(name: "reviews-canary", extra: "  promotion:\n    applyMode: git")
        let harness = try await ReconcilerHarness.start(files: [Self.path: spec])
        defer { Task { await harness.stop() } }
        var applied: [String] = []
        var weightCommits = 0
        var completed = false
        for _ in 0..<40 {
            let report = try await harness.playground.step(simulatedSeconds: 10)
            weightCommits += report.pushedCommits.filter { $0.subject.contains("set weights") }.count
            // The GitOps tool: apply the manifest at origin's head to the cluster, as Argo CD or Flux would.
            let manifest = try await harness.show("istio/reviews.yaml")
            if applied.last != manifest {
                let file = harness.workspace.file("applied-\(applied.count).yaml")
                try manifest.write(to: file, atomically: true, encoding: .utf8)
                _ = try await SandboxManifests.apply(paths: [file.path], to: harness.playground.server.store)
                applied.append(manifest)
            }
            if report.experiments.first?.phase == .completed {
                completed = true
                break
            }
        }
        #expect(completed)
        #expect(weightCommits >= 2, "every weight change is a commit for the GitOps tool")
        #expect(applied.count >= 3)
        let live = try await harness.liveWeights()
        #expect(live == ["v1": 0, "v2": 100])
    }

    @Test func namespacesOutsideTheAllowListAreRefusedWithAStatus() async throws {
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary")],
            configuration: ReconcilerConfiguration(
                allowedNamespaces: ["shop"], identity: CommitIdentity(name: "iter8", email: "iter8@example.com")))
        defer { Task { await harness.stop() } }
        let before = try await harness.liveWeights()
        var last: PassReport?
        for _ in 0..<3 { last = try await harness.playground.step(simulatedSeconds: 10) }
        let summary = try #require(last?.experiments.first)
        #expect(summary.phase == .waiting)
        #expect(summary.specErrors.first?.contains("namespace bookinfo is not one the service may touch (allowed: shop)") == true)
        let after = try await harness.liveWeights()
        #expect(after == before)
        #expect(try await harness.show("experiments/reviews-canary.status.yaml").contains("is not one the service may touch"))
    }

    @Test func anUnreachableClusterHoldsTheExperiment() async throws {
        // Fixed duration: still running during the outage (adaptive may decide the promotion meanwhile).
        let harness = try await ReconcilerHarness.start(files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", mode: .fixed)])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        _ = try await harness.playground.step(simulatedSeconds: 10)
        await harness.playground.server.stop()
        var report: PassReport?
        for _ in 0..<2 { report = try await harness.playground.step(simulatedSeconds: 10) }
        let summary = try #require(report?.experiments.first)
        #expect(summary.phase == .running)
        #expect((report?.apiFailures[.kubernetes] ?? 0) > 0)
        let status = try await harness.show("experiments/reviews-canary.status.yaml")
        #expect(status.contains("cannot reach the cluster"))
        #expect(status.contains("reason: VersionsNotReady"))
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

    /// A service that keeps passing was supervising, however long a gap between two passes (a loaded machine, a
    /// time-scaled demo): the experiment carries on with its next iteration instead of rolling back.
    @Test func aLongGapBetweenWorkingPassesIsNotALapse() async throws {
        let harness = try await ReconcilerHarness.start(files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary")])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        try await harness.playground.step(simulatedSeconds: 10)
        let report = try await harness.playground.step(simulatedSeconds: 300)
        let summary = try #require(report.experiments.first { $0.key == "bookinfo/reviews-canary" })
        #expect(summary.phase == .running, "\(summary.events)")
        #expect(summary.finish == nil)
        #expect(report.iterations == 1)
    }

    @Test func anUnreachableGitServerChangesNothing() async throws {
        let harness = try await ReconcilerHarness.start(files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary")])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        let weights = try await harness.liveWeights()
        harness.daemon.process.stop()
        let report = try await harness.playground.step(simulatedSeconds: 60)
        #expect(report.failure?.stage == .poll)
        #expect(report.experiments.isEmpty)
        let after = try await harness.liveWeights()
        #expect(after == weights)
    }
}
