import Experiments
import Foundation
import Git
import GitOps
import Testing
import TestSupport

/// Signed commits and a verified watched branch, on the real `git daemon` and Sandbox: the service signs what it
/// pushes so that `git verify-commit` accepts it, acts only while every new commit verifies, and stops — no
/// commit, no push, no Kubernetes write — on an unsigned or wrongly signed human commit, saying so.
@Suite(.serialized) struct SignedBranchTests {
    static let path = "experiments/reviews-canary.yaml"
    static let key = "bookinfo/reviews-canary"

    /// A human's working copy of origin, brought up to origin's head.
    static func upToDate(_ copy: URL) async throws {
        _ = try await Shell.git(["fetch", "--quiet", "origin"], in: copy)
        _ = try await Shell.git(["reset", "--quiet", "--hard", "origin/main"], in: copy)
    }

    @Test func serviceCommitsVerifyAndAnUnsignedHumanCommitIsRefused() async throws {
        let fixtures = try SigningFixtures()
        let service = try await fixtures.sshKey("service", type: "ed25519")
        let human = try await fixtures.sshKey("human", type: "rsa")
        let stranger = try await fixtures.sshKey("stranger", type: "ed25519")
        let allowedFile = try fixtures.allowedSigners("allowed", [("iter8@example.com", service), ("alice@example.com", human)])
        var configuration = ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10)
        configuration.commitVerifier = CommitVerifier(allowedSigners: try AllowedSigners(contentsOfFile: allowedFile.path))
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 20)],
            configuration: configuration, signer: try SSHSigningKey(contentsOfFile: service.privateKey.path))
        defer { Task { await harness.stop() } }
        let origin = harness.origin
        let copy = try await offPool { try origin.cloneWorkingCopy(named: "alice") }

        // The seed is unsigned: with no verified head yet, the head itself must verify, so nothing happens.
        let metrics = ServiceMetrics()
        let first = try await harness.playground.step(simulatedSeconds: 10)
        metrics.record(first, seconds: first.durationSeconds, at: Date())
        #expect(first.unverifiedCommit?.verdict == .unsigned)
        #expect(first.pushedCommits.isEmpty && first.experiments.isEmpty)
        #expect(metrics.exposition().contains("iter8_unverified_commit 1"))

        // Alice signs a commit on top (RSA, OpenSSH's default key type): the head verifies, the history below it is
        // trusted from now on, and the experiment runs; the service's own commits are signed.
        try await fixtures.commit(in: copy, files: ["docs/notes.md": "signed\n"], message: "Alice's signed change", ssh: human)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        var report = try await harness.playground.step(simulatedSeconds: 10)
        metrics.record(report, seconds: report.durationSeconds, at: Date())
        #expect(report.failure == nil, "\(String(describing: report.failure))")
        #expect(!report.pushedCommits.isEmpty)
        #expect(metrics.exposition().contains("iter8_unverified_commit 0"))
        // The next passes check the service's own commits like anyone's, and accept them.
        for _ in 0..<2 {
            report = try await harness.playground.step(simulatedSeconds: 10)
            #expect(report.failure == nil && report.unverifiedCommit == nil, "\(String(describing: report.failure))")
        }
        // The last verified head is the one the last pass read (what that pass pushed is checked by the next poll).
        let lastRead = try #require(report.head)
        let verified = try await harness.playground.repository.resolveReference("refs/iter8/verified/main")
        #expect(verified == lastRead)
        // `git verify-commit` accepts every commit the service pushed.
        let git = try RequiredTool.path("git", package: "git")
        let ours = try await harness.originLog().filter { $0.message.hasPrefix("iter8:") }
        #expect(ours.count >= 2)
        for commit in ours {
            let finished = try await offPool { [bare = origin.bare] in
                try Shell.capture(
                    git, ["-c", "gpg.ssh.allowedSignersFile=\(allowedFile.path)", "verify-commit", commit.id], directory: bare,
                    environment: Hermetic.gitEnvironment)
            }
            #expect(finished.status == 0, "\(commit.id): \(finished.errors)")
            #expect(finished.errors.contains("Good \"git\" signature for iter8@example.com"), "\(finished.errors)")
        }

        // An unsigned human commit: every pass stops before acting, names the commit and says why.
        try await Self.upToDate(copy)
        let unsigned = try await fixtures.commit(
            in: copy, files: ["docs/notes.md": "unsigned\n"], message: "Bob's unsigned change")
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        let live = try await harness.liveWeights()
        for _ in 0..<3 {
            let stopped = try await harness.playground.step(simulatedSeconds: 10)
            metrics.record(stopped, seconds: stopped.durationSeconds, at: Date())
            let refusal = try #require(stopped.unverifiedCommit)
            #expect(refusal.commit.hex == unsigned && refusal.verdict == .unsigned)
            #expect(refusal.lastVerified == lastRead)
            #expect(stopped.failure?.stage == .poll)
            let message = stopped.failure?.message ?? ""
            #expect(message.contains(unsigned) && message.contains("unsigned") && message.contains("takes no action"), "\(message)")
            #expect(stopped.experiments.isEmpty && stopped.pushedCommits.isEmpty && stopped.outageActions.isEmpty)
        }
        #expect(try await harness.head() == unsigned)
        #expect(try await harness.liveWeights() == live)
        #expect(metrics.exposition().contains("iter8_unverified_commit 1"))

        // A signed commit on top does not launder it: the unsigned one is still on the chain since the last verified head.
        try await fixtures.commit(in: copy, files: ["docs/notes.md": "signed again\n"], message: "Alice on top", ssh: human)
        // Nor does an acknowledgement signed by a key nobody trusts.
        try await fixtures.commit(
            in: copy, files: ["docs/notes.md": "stranger\n"],
            message: "Acknowledge\n\n\(BranchSignatureGate.trailer): \(unsigned.prefix(12))", ssh: stranger)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        let wrongly = try await harness.playground.step(simulatedSeconds: 10)
        let refusal = try #require(wrongly.unverifiedCommit)
        #expect(refusal.commit.hex == unsigned)
        #expect(wrongly.pushedCommits.isEmpty)

        // Alice acknowledges the unsigned commit in a signed commit: but the stranger's commit is still refused.
        try await fixtures.commit(
            in: copy, files: ["docs/notes.md": "acknowledged\n"],
            message: "Acknowledge Bob's change\n\n\(BranchSignatureGate.trailer): \(unsigned.prefix(12))", ssh: human)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        let stillStranger = try await harness.playground.step(simulatedSeconds: 10)
        guard case .refused(let why)? = stillStranger.unverifiedCommit?.verdict else {
            Issue.record("the stranger's commit was not refused: \(String(describing: stillStranger.failure))")
            return
        }
        #expect(why.contains("do not trust"), "\(why)")
        #expect(stillStranger.pushedCommits.isEmpty)

        // Acknowledging both (one trailer each) lets the service resume, and it signs again.
        let strangerCommit = try #require(stillStranger.unverifiedCommit?.commit)
        try await fixtures.commit(
            in: copy, files: ["docs/notes.md": "both\n"],
            message: "Acknowledge the stranger too\n\n\(BranchSignatureGate.trailer): \(strangerCommit.hex)", ssh: human)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        let resumed = try await harness.playground.step(simulatedSeconds: 10)
        metrics.record(resumed, seconds: resumed.durationSeconds, at: Date())
        #expect(resumed.failure == nil && resumed.unverifiedCommit == nil, "\(String(describing: resumed.failure))")
        #expect(!resumed.pushedCommits.isEmpty)
        #expect(metrics.exposition().contains("iter8_unverified_commit 0"))
        let newest = try await harness.head()
        let check = try await offPool { [bare = origin.bare] in
            try Shell.capture(
                git, ["-c", "gpg.ssh.allowedSignersFile=\(allowedFile.path)", "verify-commit", newest], directory: bare,
                environment: Hermetic.gitEnvironment)
        }
        #expect(check.status == 0, "\(check.errors)")
    }
}
