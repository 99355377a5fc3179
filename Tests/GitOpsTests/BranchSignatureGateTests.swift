import Foundation
import Git
import GitOps
import Logging
import Testing
import TestSupport

/// The signature gate itself over a real `git daemon` origin: it walks first parents only (a merge's side branch
/// counts through the signed merge commit), its memory survives a restart (a new process opening the same clone),
/// and a restart on a fresh clone checks only the head.
@Suite struct BranchSignatureGateTests {
    @Test func firstParentsOnlyAndMemoryAcrossRestarts() async throws {
        let fixtures = try SigningFixtures()
        let alice = try await fixtures.sshKey("alice", type: "ed25519")
        let allowed = try fixtures.allowedSigners("allowed", [("alice@example.com", alice)])
        let verifier = CommitVerifier(allowedSigners: try AllowedSigners(contentsOfFile: allowed.path))
        let origin = try await offPool { try GitOrigin() }
        let daemon = try await GitDaemonServer.start(serving: origin)
        let scratch = try TemporaryDirectory(prefix: "iter8-gate")
        let folder = scratch.file("clone").path
        let remote = GitRemote(url: daemon.url, timeout: .seconds(60))
        let copy = try await offPool { try origin.cloneWorkingCopy(named: "alice") }
        let signed = try await fixtures.commit(in: copy, files: ["a.txt": "a\n"], message: "Signed", ssh: alice)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)

        let first = try await LibGit2Repository.clone(remote, into: folder, bare: true, branch: "main")
        let gate = BranchSignatureGate(repository: first, branch: "main", verifier: verifier, logger: Logger(label: "test"))
        try await gate.check(try await first.fetch(branch: "main"))
        #expect(try await first.resolveReference(gate.reference)?.hex == signed)

        // An unsigned commit on a side branch, merged by a signed merge commit: the first-parent chain verifies.
        _ = try await Shell.git(["checkout", "--quiet", "-b", "feature"], in: copy)
        let side = try await fixtures.commit(in: copy, files: ["b.txt": "b\n"], message: "Unsigned side commit")
        _ = try await Shell.git(["checkout", "--quiet", "main"], in: copy)
        let git = try RequiredTool.path("git", package: "git")
        try await Shell.run(
            git, ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(alice.privateKey.path)", "merge", "--quiet", "--no-ff", "-S",
                  "-m", "Merge feature", "feature"],
            directory: copy, environment: Hermetic.gitEnvironment)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        let merge = try await first.fetch(branch: "main")
        #expect(try await first.log(from: merge, limit: 1).first?.parents.last?.hex == side)
        try await gate.check(merge)
        #expect(try await first.resolveReference(gate.reference) == merge)

        // Down, an unsigned commit lands; the restarted process (same clone) still knows the last verified head.
        let unsigned = try await fixtures.commit(in: copy, files: ["c.txt": "c\n"], message: "Unsigned")
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        let restarted = try await LibGit2Repository.open(at: folder, remote: remote)
        let head = try await restarted.fetch(branch: "main")
        let again = BranchSignatureGate(repository: restarted, branch: "main", verifier: verifier, logger: Logger(label: "test"))
        let error = await #expect(throws: UnverifiedCommit.self) { try await again.check(head) }
        #expect(error?.commit.hex == unsigned && error?.lastVerified == merge && error?.verdict == .unsigned)
        #expect(try await restarted.resolveReference(again.reference) == merge)

        // A signed commit on top: the unsigned one below is still refused (not laundered).
        try await fixtures.commit(in: copy, files: ["d.txt": "d\n"], message: "Signed on top", ssh: alice)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:main"], in: copy)
        let onTop = try await restarted.fetch(branch: "main")
        let stillRefused = await #expect(throws: UnverifiedCommit.self) { try await again.check(onTop) }
        #expect(stillRefused?.commit.hex == unsigned && stillRefused?.head == onTop)

        // A fresh clone (a new work folder) has no memory: only its head must verify, and it does.
        let fresh = try await LibGit2Repository.clone(remote, into: scratch.file("fresh").path, bare: true, branch: "main")
        let freshGate = BranchSignatureGate(repository: fresh, branch: "main", verifier: verifier, logger: Logger(label: "test"))
        try await freshGate.check(try await fresh.fetch(branch: "main"))
        #expect(try await fresh.resolveReference(freshGate.reference) == onTop)
    }
}
