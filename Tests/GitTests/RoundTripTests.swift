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

    @Test func cloneWithWorkingTreeChecksOutTheBranch() async throws {
        let served = try await ServedOrigin.start(.file, files: ["a/b.txt": "hello\n"])
        let repo = try await served.clone(named: "work", bare: false)
        #expect(repo.gitDirectory.hasSuffix("work/.git/"))
        let text = try String(contentsOf: served.scratch.file("work/a/b.txt"), encoding: .utf8)
        #expect(try await repo.readFile(path: "a/b.txt", at: try #require(try await repo.resolveReference("HEAD"))) == Data(text.utf8))
        #expect(text == "hello\n")
    }
}
