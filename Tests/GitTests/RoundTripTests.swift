import Foundation
import Git
import Testing
import TestSupport

/// Clone, commit, push and fetch against a real server, checked with the `git` CLI.
@Suite struct RoundTripTests {
    @Test(arguments: Transport.allCases)
    func cloneCommitPushFetch(transport: Transport) async throws {
        let served = try await ServedOrigin.start(transport)
        let repo = try await served.clone()
        let seed = try #require(try await repo.resolveReference("refs/remotes/origin/main"))
        #expect(seed.hex == (try await served.head()))

        let clock = ContinuousClock()
        let started = clock.now
        let ours = try await repo.commit(
            [.write("experiments/canary.yaml", "kind: Experiment\n"), .write("README.md", "changed\n")], on: seed)
        try await repo.push(commit: ours, to: "main")
        let pushed = clock.now

        #expect(try await served.head() == ours.hex)
        #expect(try await served.show("experiments/canary.yaml") == "kind: Experiment\n")
        #expect(try await served.git(["log", "-1", "--format=%an <%ae> %at %s", "main"]).trimmed
            == "iter8 bot <bot@example.com> 1800000000 Test change")
        #expect(try await repo.resolveReference("refs/remotes/origin/main") == ours)
        try await repo.push(commit: ours, to: "main")  // already there: a no-op, not an error

        let theirs = try await served.anotherWriterPushes(["notes/other.txt": "from the CLI\n"])
        let fetchStarted = clock.now
        let fetched = try await repo.fetch(branch: "main")
        let done = clock.now
        #expect(fetched.hex == theirs)
        #expect(try await repo.resolveReference("refs/remotes/origin/main") == fetched)
        #expect(try await repo.readFile(path: "notes/other.txt", at: fetched) == Data("from the CLI\n".utf8))
        print("[timing] \(transport): commit+push \(pushed - started), fetch \(done - fetchStarted)")
    }

    /// The service's clone keeps a delta window of one object (``LibGit2Repository/packWindowMemory``): set in its
    /// own config when opened, and a push of many similar files still lands whole (checked by `git fsck` and read back
    /// with the CLI).
    @Test(arguments: [Transport.file, .git])
    func theClonePacksWithAWindowOfOne(transport: Transport) async throws {
        let served = try await ServedOrigin.start(transport)
        let repo = try await served.clone()
        let window = try await served.git(["config", "--file", repo.gitDirectory + "config", "pack.windowMemory"])
        #expect(window.trimmed == "1")
        let seed = try #require(try await repo.resolveReference("refs/remotes/origin/main"))
        var changes: [FileChange] = []
        for index in 0..<60 {
            let lines = (0..<200).map { "  - iteration: \($0)\n    weight: \(($0 * 7 + index) % 100)" }.joined(separator: "\n")
            changes.append(.write("experiments/canary-\(index).status.yaml", "name: canary-\(index)\n\(lines)\n"))
        }
        let ours = try await repo.commit(changes, on: seed)
        try await repo.push(commit: ours, to: "main")
        #expect(try await served.head() == ours.hex)
        _ = try await served.git(["fsck", "--strict"])
        #expect(try await served.show("experiments/canary-59.status.yaml").hasPrefix("name: canary-59\n  - iteration: 0\n"))
    }

    @Test func cloneWithWorkingTreeChecksOutTheBranch() async throws {
        let served = try await ServedOrigin.start(.file, files: ["a/b.txt": "hello\n"])
        let repo = try await served.clone(named: "work", bare: false)
        #expect(repo.gitDirectory.hasSuffix("work/.git/"))
        let text = try String(contentsOf: served.scratch.file("work/a/b.txt"), encoding: .utf8)
        #expect(try await repo.readFile(path: "a/b.txt", at: try #require(try await repo.resolveReference("HEAD"))) == Data(text.utf8))
        #expect(text == "hello\n")
    }
}
