import Experiments
import Foundation
import Git
import GitOps
import Logging
import Synchronization
import Testing
import TestSupport

/// A force-pushed watched branch stops every action until an operator acknowledges the rewrite with a commit;
/// a fast-forward (another writer's commit, iter8's own) never trips it.
@Suite(.serialized) struct BranchRewriteTests {
    static let path = "experiments/reviews-canary.yaml"
    static let statusPath = StatusPaths.status("experiments/reviews-canary")

    /// `git` in a fresh working copy of origin; returns that copy.
    static func workingCopy(_ harness: ReconcilerHarness) async throws -> URL {
        let origin = harness.origin
        return try await offPool { try origin.cloneWorkingCopy(named: "operator-\(UUID().uuidString.prefix(8))") }
    }

    @Test func aRewrittenBranchStopsEverythingUntilAcknowledged() async throws {
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 20)])
        defer { Task { await harness.stop() } }
        let key = "bookinfo/reviews-canary"
        let seed = try await harness.head()
        // Two passes run the experiment; another writer's fast-forward in between trips nothing.
        var report = try await harness.playground.step(simulatedSeconds: 10)
        #expect(report.failure == nil && report.branchRewrite == nil)
        try await harness.push(files: ["docs/notes.md": "notes\n"], message: "Another writer's fast-forward")
        report = try await harness.playground.step(simulatedSeconds: 10)
        #expect(report.failure == nil && report.branchRewrite == nil, "\(String(describing: report.failure))")
        report = try await harness.playground.step(simulatedSeconds: 10)
        #expect(report.experiments.first { $0.key == key }?.phase == .running)
        let seen = try await harness.head()
        #expect(try await harness.show(Self.statusPath).contains("completedIterations"))

        // Someone rewrites the branch: back to the seed, another commit, push --force. iter8's status is gone.
        let copy = try await Self.workingCopy(harness)
        _ = try await Shell.git(["reset", "--quiet", "--hard", seed], in: copy)
        try "rewritten\n".write(to: copy.appendingPathComponent("REWRITTEN.md"), atomically: true, encoding: .utf8)
        _ = try await Shell.git(["add", "REWRITTEN.md"], in: copy)
        _ = try await Shell.git(["commit", "--quiet", "-m", "Rewritten history"], in: copy)
        _ = try await Shell.git(["push", "--quiet", "--force", "origin", "HEAD:refs/heads/main"], in: copy)
        let rewritten = try await harness.head()
        #expect(rewritten != seen)

        let live = try await harness.liveWeights()
        let metrics = ServiceMetrics()
        for _ in 0..<4 {
            let stopped = try await harness.playground.step(simulatedSeconds: 10)
            metrics.record(stopped, seconds: stopped.durationSeconds, at: Date())
            let rewrite = try #require(stopped.branchRewrite)
            #expect(rewrite.lastSeen.hex == seen && rewrite.head.hex == rewritten)
            #expect(stopped.failure?.stage == .poll)
            let message = stopped.failure?.message ?? ""
            #expect(message.contains("was rewritten") && message.contains("Iter8-Acknowledge-Rewrite: "), "\(message)")
            #expect(stopped.experiments.isEmpty && stopped.pushedCommits.isEmpty && stopped.outageActions.isEmpty)
        }
        // Nothing was written: not the branch, not the cluster (the experiment would have moved the split).
        #expect(try await harness.head() == rewritten)
        #expect(try await harness.liveWeights() == live)
        #expect(metrics.exposition().contains("iter8_branch_rewritten 1"))

        // An acknowledgement of another rewrite does not count.
        _ = try await Shell.git(
            ["commit", "--quiet", "--allow-empty", "-m", "Not this one", "-m", "Iter8-Acknowledge-Rewrite: 0123456789abcdef"],
            in: copy)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: copy)
        #expect(try await harness.playground.step(simulatedSeconds: 10).branchRewrite != nil)

        // The operator acknowledges this rewrite with a commit on top of it: iter8 resumes (and commits again).
        _ = try await Shell.git(
            ["commit", "--quiet", "--allow-empty", "-m", "Accept the rewritten history",
             "-m", "Iter8-Acknowledge-Rewrite: \(seen.prefix(12))..\(rewritten.prefix(7))"], in: copy)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: copy)
        let acknowledgement = try await harness.head()
        let resumed = try await harness.playground.step(simulatedSeconds: 10)
        metrics.record(resumed, seconds: resumed.durationSeconds, at: Date())
        #expect(resumed.failure == nil && resumed.branchRewrite == nil, "\(String(describing: resumed.failure))")
        #expect(!resumed.pushedCommits.isEmpty)
        #expect(metrics.exposition().contains("iter8_branch_rewritten 0"))
        _ = try await harness.git(["merge-base", "--is-ancestor", acknowledgement, try await harness.head()])
        // Its own pushes and later passes never trip the guard.
        for _ in 0..<2 {
            let next = try await harness.playground.step(simulatedSeconds: 10)
            #expect(next.failure == nil && next.branchRewrite == nil, "\(String(describing: next.failure))")
        }
    }
}

/// The guard itself over a real `git daemon` origin: its memory survives a restart (a new process opening the
/// same clone), it logs an error naming both heads, and it accepts only a matching acknowledgement.
@Suite struct BranchHistoryGuardTests {
    /// Log records, for asserting what was said at which level.
    final class Records: Sendable {
        let lines = Mutex<[(Logger.Level, String)]>([])
    }

    struct Capture: LogHandler {
        let records: Records
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let extra = (event.metadata ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            records.lines.withLock { $0.append((event.level, "\(event.message) \(extra)")) }
        }
    }

    @Test func survivesARestartAndLogsAnError() async throws {
        let origin = try await offPool { try GitOrigin() }
        let daemon = try await GitDaemonServer.start(serving: origin)
        let scratch = try TemporaryDirectory(prefix: "iter8-guard")
        let folder = scratch.file("clone").path
        let remote = GitRemote(url: daemon.url, timeout: .seconds(60))
        let records = Records()
        let logger = Logger(label: "test") { _ in Capture(records: records) }

        let first = try await LibGit2Repository.clone(remote, into: folder, bare: true, branch: "main")
        let seen = try await first.fetch(branch: "main")
        try await BranchHistoryGuard(repository: first, branch: "main", logger: logger).check(seen)
        let forward = try await offPool { try origin.pushFromAnotherWriter(files: ["a.txt": "a\n"]) }
        let head = try await first.fetch(branch: "main")
        #expect(head.hex == forward)
        try await BranchHistoryGuard(repository: first, branch: "main", logger: logger).check(head)
        #expect(try await first.resolveReference("refs/iter8/seen/main") == head)

        // Rewrite while "the process is down", then open the same clone again (a restart).
        let copy = try await offPool { try origin.cloneWorkingCopy(named: "rewriter") }
        _ = try await Shell.git(["reset", "--quiet", "--hard", "HEAD~1"], in: copy)
        _ = try await Shell.git(["commit", "--quiet", "--allow-empty", "-m", "Replacement"], in: copy)
        _ = try await Shell.git(["push", "--quiet", "--force", "origin", "HEAD:refs/heads/main"], in: copy)
        let restarted = try await LibGit2Repository.open(at: folder, remote: remote)
        let rewritten = try await restarted.fetch(branch: "main")
        let guardian = BranchHistoryGuard(repository: restarted, branch: "main", logger: logger)
        let error = await #expect(throws: BranchRewritten.self) { try await guardian.check(rewritten) }
        #expect(error == BranchRewritten(branch: "main", lastSeen: head, head: rewritten))
        let errors = records.lines.withLock { $0 }.filter { $0.0 == .error }.map(\.1)
        #expect(errors.count == 1)
        #expect(errors.first?.contains(head.hex) == true && errors.first?.contains(rewritten.hex) == true)
        // Still stopped on the next poll: the memory did not move.
        await #expect(throws: BranchRewritten.self) { try await guardian.check(rewritten) }
        #expect(try await restarted.resolveReference("refs/iter8/seen/main") == head)
    }

    @Test(arguments: [
        ("Iter8-Acknowledge-Rewrite: OLD", true),
        ("iter8-acknowledge-rewrite:   OLD..NEW", true),
        ("Iter8-Acknowledge-Rewrite: OLD..0000000", false),
        ("Iter8-Acknowledge-Rewrite: 0000000..NEW", false),
        ("Iter8-Acknowledge-Rewrite: OLD6", false),
        ("Acknowledge-Rewrite: OLD", false),
        ("", false),
    ])
    func acknowledgementMustNameTheRewrite(trailer: String, accepted: Bool) async throws {
        let origin = try await offPool { try GitOrigin() }
        let scratch = try TemporaryDirectory(prefix: "iter8-guard")
        let repo = try await LibGit2Repository.clone(
            GitRemote(url: origin.fileURL), into: scratch.file("clone").path, bare: true, branch: "main")
        let old = try await repo.fetch(branch: "main")
        let guardian = BranchHistoryGuard(repository: repo, branch: "main", logger: Logger(label: "test"))
        try await guardian.check(old)
        let copy = try await offPool { try origin.cloneWorkingCopy(named: "rewriter") }
        _ = try await Shell.git(["commit", "--quiet", "--amend", "-m", "Amended seed"], in: copy)
        _ = try await Shell.git(["push", "--quiet", "--force", "origin", "HEAD:refs/heads/main"], in: copy)
        let new = try await repo.fetch(branch: "main")
        let text = trailer.replacingOccurrences(of: "OLD6", with: String(old.hex.prefix(6)))
            .replacingOccurrences(of: "OLD", with: old.hex).replacingOccurrences(of: "NEW", with: String(new.hex.prefix(9)))
        _ = try await Shell.git(["commit", "--quiet", "--allow-empty", "-m", "Acknowledge", "-m", text], in: copy)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: copy)
        let head = try await repo.fetch(branch: "main")
        if accepted {
            try await guardian.check(head)
            #expect(try await repo.resolveReference(guardian.reference) == head)
        } else {
            await #expect(throws: BranchRewritten.self) { try await guardian.check(head) }
        }
    }
}
