import Foundation
import Git
import Testing
import TestSupport

/// Reading files and trees at a commit, listing changes, and committing without a working tree.
@Suite struct TreeTests {
    let served: ServedOrigin
    let repo: LibGit2Repository
    let seed: GitOID

    init() async throws {
        served = try await ServedOrigin.start(
            .file, files: ["README.md": "seed\n", "experiments/a.yaml": "a: 1\n", "experiments/nested/b.yaml": "b: 1\n"])
        repo = try await served.clone()
        seed = try #require(try await repo.resolveReference("refs/remotes/origin/main"))
    }

    @Test func changedPathsBetweenCommits() async throws {
        let next = try await repo.commit(
            [.write("experiments/a.yaml", "a: 2\n"), .write("deep/new/dir/c.yaml", "c\n"), .delete(path: "README.md"),
             .write("experiments/nested/d.yaml", "d\n")], on: seed)
        let changes = try await repo.changedPaths(from: seed, to: next)
        #expect(changes.map(\.description) == [
            "deleted README.md", "added deep/new/dir/c.yaml", "modified experiments/a.yaml", "added experiments/nested/d.yaml",
        ])
        let modified = try #require(changes.first { $0.kind == .modified })
        #expect(modified.oldOID != nil && modified.newOID != nil && modified.oldOID != modified.newOID)
        #expect(try await repo.changedPaths(from: next, to: next).isEmpty)
        let all = try await repo.changedPaths(from: nil, to: seed)
        #expect(all.map(\.path) == ["README.md", "experiments/a.yaml", "experiments/nested/b.yaml"])
        #expect(all.allSatisfy { $0.kind == .added })
    }

    @Test func readFileAtAnOlderCommit() async throws {
        let next = try await repo.commit([.write("experiments/a.yaml", "a: 2\n")], on: seed)
        #expect(try await repo.readFile(path: "experiments/a.yaml", at: seed) == Data("a: 1\n".utf8))
        #expect(try await repo.readFile(path: "experiments/a.yaml", at: next) == Data("a: 2\n".utf8))
        #expect(try await repo.readFile(path: "experiments/missing.yaml", at: next) == nil)
        #expect(try await repo.readFile(path: "experiments", at: next) == nil)
        let unknown = try #require(GitOID(hex: String(repeating: "ab", count: 20)))
        let error = await #expect(throws: GitError.self) { try await repo.readFile(path: "README.md", at: unknown) }
        #expect(error?.code == .notFound)
    }

    @Test func listTreeFlatAndRecursive() async throws {
        let root = try await repo.listTree(at: seed, path: "", recursive: false)
        #expect(root.map(\.path) == ["README.md", "experiments"])
        #expect(root.map(\.mode) == [.file, .directory])
        let recursive = try await repo.listTree(at: seed, path: "", recursive: true)
        #expect(recursive.map(\.path) == ["README.md", "experiments/a.yaml", "experiments/nested/b.yaml"])
        let cliBlob = try await served.git(["rev-parse", "main:experiments/a.yaml"]).trimmed
        #expect(recursive[1].oid.hex == cliBlob)
        let sub = try await repo.listTree(at: seed, path: "experiments/", recursive: false)
        #expect(sub.map(\.path) == ["experiments/a.yaml", "experiments/nested"])
        let error = await #expect(throws: GitError.self) {
            try await repo.listTree(at: seed, path: "README.md", recursive: false)
        }
        #expect(error?.code == .notFound)
    }

    @Test func deletingTheLastFileRemovesTheDirectory() async throws {
        let next = try await repo.commit([.delete(path: "experiments/nested/b.yaml")], on: seed)
        let tree = try await repo.listTree(at: next, path: "experiments", recursive: false)
        #expect(tree.map(\.path) == ["experiments/a.yaml"])
        let both = try await repo.commit([.delete(path: "experiments/a.yaml")], on: next)
        #expect(try await repo.listTree(at: both, path: "", recursive: false).map(\.path) == ["README.md"])
        try await repo.push(commit: both, to: "main")
        #expect(try await served.git(["ls-tree", "-r", "--name-only", "main"]).trimmed == "README.md")
    }

    @Test func commitsAreReproducibleAndMoveNoReference() async throws {
        let changes: [FileChange] = [.write("status/a.json", "{}\n"), .write(path: "bin/run", data: Data("#!/bin/sh\n".utf8), executable: true)]
        let first = try await repo.commit(changes, on: seed)
        let second = try await repo.commit(changes, on: seed)
        #expect(first == second)
        #expect(try await repo.resolveReference("refs/remotes/origin/main") == seed)
        #expect(try await repo.listTree(at: first, path: "bin", recursive: false).first?.mode == .executable)
        let unchanged = try await repo.commit(
            changes: [.write("README.md", "seed\n")], on: seed, author: Identity.bot, committer: Identity.bot, message: "noop")
        #expect(unchanged == nil)
        let log = try await served.git(["cat-file", "-p", first.hex], in: URL(fileURLWithPath: repo.gitDirectory))
        #expect(log.contains("author iter8 bot <bot@example.com> 1800000000 +0000"))
        #expect(log.contains("parent \(seed.hex)"))
    }

    @Test(arguments: ["", "/abs", "a//b", "../up", "a/./b", ".git/config"])
    func invalidPathsAreRejected(path: String) async throws {
        let error = await #expect(throws: GitError.self) { try await repo.commit([.write(path, "x")], on: seed) }
        #expect(error?.code == .invalidSpec)
    }

    @Test func deletingAMissingFileIsAnError() async throws {
        let error = await #expect(throws: GitError.self) { try await repo.commit([.delete(path: "nope.txt")], on: seed) }
        #expect(error?.code == .notFound)
    }

    @Test func updateReferenceIsCompareAndSwap() async throws {
        let next = try await repo.commit([.write("x", "x")], on: seed)
        try await repo.updateReference("refs/heads/work", to: seed, expected: nil)
        let exists = await #expect(throws: GitError.self) {
            try await repo.updateReference("refs/heads/work", to: next, expected: nil)
        }
        #expect(exists?.code == .conflict)
        let stale = await #expect(throws: GitError.self) {
            try await repo.updateReference("refs/heads/work", to: next, expected: next)
        }
        #expect(stale?.code == .conflict)
        try await repo.updateReference("refs/heads/work", to: next, expected: seed)
        #expect(try await repo.resolveReference("refs/heads/work") == next)
    }
}
