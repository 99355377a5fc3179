import Foundation
import Git
import Testing
import TestSupport

/// `remoteHead` is the cheap poll: it agrees with `git ls-remote` and downloads nothing.
@Suite struct RemoteHeadTests {
    @Test(arguments: [Transport.file, .git, .http, .https])
    func matchesLsRemoteAndMovesWithoutFetching(transport: Transport) async throws {
        let served = try await ServedOrigin.start(transport)
        let repo = try await served.clone()
        let lsRemote = try await served.git(["ls-remote", served.origin.fileURL, "refs/heads/main"]).split(separator: "\t").first
        #expect(try await repo.remoteHead(branch: "main").hex == lsRemote.map(String.init))

        let theirs = try await served.anotherWriterPushes(["moved.txt": "moved\n"])
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try await repo.remoteHead(branch: "main").hex == theirs)
        print("[timing] \(transport): remoteHead \(clock.now - started)")
        let local = URL(fileURLWithPath: repo.gitDirectory)
        #expect((try? await served.git(["cat-file", "-e", theirs], in: local)) == nil)
        #expect(try await served.git(["cat-file", "-e", theirs]).isEmpty)
        #expect(try await repo.resolveReference("refs/remotes/origin/main")?.hex != theirs)
    }

    @Test func missingBranchIsNotFound() async throws {
        let served = try await ServedOrigin.start(.file)
        let repo = try await served.clone()
        let error = await #expect(throws: GitError.self) { try await repo.remoteHead(branch: "no-such-branch") }
        #expect(error?.code == .notFound)
        #expect(error?.branch == "no-such-branch")
    }
}
