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

    /// The service's clone pushes whole objects (``LibGit2Repository/packDeltaCacheSize``, set in its own config when
    /// opened): a delta in a push could only be against another experiment's file, and servers keep a pushed pack's
    /// deltas. A push of many similar files lands whole (`git fsck`, read back with the CLI), and with a `file://`
    /// origin (libgit2 writes the pack there as built) it holds no delta at all; the old window setting is removed.
    @Test(arguments: [Transport.file, .git])
    func theClonePushesWholeObjects(transport: Transport) async throws {
        let served = try await ServedOrigin.start(transport)
        let repo = try await served.clone()
        #expect(try await served.git(["config", "--file", repo.gitDirectory + "config", "pack.deltaCacheSize"]).trimmed == "1")
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
        if transport == .file {
            let packs = try FileManager.default.contentsOfDirectory(atPath: served.origin.bare.path + "/objects/pack")
                .filter { $0.hasSuffix(".idx") }
            #expect(!packs.isEmpty)
            var objects = 0
            for pack in packs {
                let listing = try await served.git(["verify-pack", "-v", "objects/pack/" + pack])
                // `sha type size size-in-pack offset [depth base]`: a delta has the last two.
                let rows = listing.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
                    .filter { $0.count >= 5 && ["blob", "tree", "commit"].contains(String($0[1])) }
                objects += rows.count
                #expect(rows.allSatisfy { $0.count == 5 }, "\(listing)")
            }
            #expect(objects >= 62)
        }
    }

    /// A clone an earlier version tuned (a delta window of one object) has that setting removed when opened.
    @Test func anEarlierWindowSettingIsRemoved() async throws {
        let served = try await ServedOrigin.start(.file)
        let repo = try await served.clone()
        let configFile = repo.gitDirectory + "config"
        _ = try await served.git(["config", "--file", configFile, "pack.windowMemory", "1"])
        _ = try await served.git(["config", "--file", configFile, "--add", "pack.windowMemory", "2"])
        _ = try await LibGit2Repository.open(at: repo.gitDirectory, remote: served.remote())
        let listed = try await served.git(["config", "--file", configFile, "--list"])
        #expect(!listed.contains("pack.windowmemory"), "\(listed)")
        #expect(listed.contains("pack.deltacachesize=1"))
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
