import Foundation
import Git
import Testing
import TestSupport

/// A branch of its own: a commit without a parent, pushed as a new branch next to the seeded one, and the branch
/// names Git takes.
@Suite struct RootCommitTests {
    @Test func aRootCommitStartsABranchOfItsOwn() async throws {
        let served = try await ServedOrigin.start(.git, files: ["experiments/canary.yaml": "kind: Experiment\n"])
        let repo = try await served.clone()
        let root = try await repo.commitRoot(
            changes: [.write("experiments/canary.status.yaml", "phase: Running\n")], author: Identity.bot,
            committer: Identity.bot, message: "Status\n")
        try await repo.push(commit: root, to: "iter8/status")
        // The CLI sees a parentless commit holding only that file; main is untouched.
        #expect(try await served.git(["rev-list", "--parents", "-n", "1", "iter8/status"]).trimmed == root.hex)
        #expect(try await served.git(["ls-tree", "-r", "--name-only", "iter8/status"]).trimmed == "experiments/canary.status.yaml")
        #expect(try await served.git(["ls-tree", "-r", "--name-only", "main"]).trimmed == "experiments/canary.yaml")
        #expect(try await repo.remoteHead(branch: "iter8/status") == root)
        let next = try await repo.commit([.write("experiments/canary.status.yaml", "phase: Completed\n")], on: root)
        try await repo.push(commit: next, to: "iter8/status")
        #expect(try await repo.fetch(branch: "iter8/status") == next)
        #expect(try await repo.log(from: next, limit: 10).map(\.id) == [next, root])
    }

    @Test func aRootCommitDeletesNothing() async throws {
        let served = try await ServedOrigin.start(.file)
        let repo = try await served.clone()
        await #expect(throws: GitError.self) {
            _ = try await repo.commitRoot(
                changes: [.delete(path: "README.md")], author: Identity.bot, committer: Identity.bot, message: "x\n")
        }
    }

    @Test(arguments: ["iter8-status", "iter8/status", "status.v1", "a_b"])
    func validBranchNames(name: String) {
        #expect(BranchName.isValid(name))
    }

    @Test(arguments: ["", "a..b", "has space", "-x", "HEAD", "x.lock", "a/", "a:b", "a~1", ".hidden", "a@{1}", "a\\b", "a*"])
    func invalidBranchNames(name: String) {
        #expect(!BranchName.isValid(name))
    }
}
