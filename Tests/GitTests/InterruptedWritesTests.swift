import Foundation
import Git
import Testing

/// A process killed mid-write leaves lock files that make libgit2 refuse updates; `InterruptedWrites` finds
/// them, so `iter8 run` clones afresh instead of reusing such a clone.
@Suite struct InterruptedWritesTests {
    @Test func aStaleRefLockBlocksFetchingAndIsFound() async throws {
        let served = try await ServedOrigin.start(.file)
        let repo = try await served.clone()
        #expect(InterruptedWrites.lockFiles(in: repo.gitDirectory).isEmpty)

        // What a SIGKILL during a fetch leaves behind.
        let lock = URL(fileURLWithPath: repo.gitDirectory).appendingPathComponent("refs/remotes/origin/main.lock")
        try FileManager.default.createDirectory(at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("0000000000000000000000000000000000000000\n".utf8).write(to: lock)
        try Data().write(to: URL(fileURLWithPath: repo.gitDirectory).appendingPathComponent("packed-refs.lock"))
        _ = try await served.anotherWriterPushes(["other.txt": "theirs\n"])
        await #expect(throws: GitError.self) { try await repo.fetch(branch: "main") }

        #expect(InterruptedWrites.lockFiles(in: repo.gitDirectory) == ["packed-refs.lock", "refs/remotes/origin/main.lock"])
        #expect(InterruptedWrites.lockFiles(in: repo.gitDirectory + "/does-not-exist").isEmpty)

        // A fresh clone, as iter8 run makes then, fetches again.
        let fresh = try await served.clone(named: "fresh")
        #expect(InterruptedWrites.lockFiles(in: fresh.gitDirectory).isEmpty)
        #expect(try await fresh.fetch(branch: "main").hex == (try await served.head()))
    }
}
