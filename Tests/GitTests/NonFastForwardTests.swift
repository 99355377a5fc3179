import Foundation
@testable import Git
import Testing
import TestSupport

/// Losing a push race is reported as `.nonFastForward`, loses nothing, and can be retried after a fetch.
@Suite struct NonFastForwardTests {
    @Test(arguments: [Transport.file, .git, .http])
    func pushAfterAnotherWriterIsNonFastForward(transport: Transport) async throws {
        let served = try await ServedOrigin.start(transport)
        let repo = try await served.clone()
        let seed = try #require(try await repo.resolveReference("refs/remotes/origin/main"))
        let theirs = try await served.anotherWriterPushes(["other.txt": "theirs\n"])

        let ours = try await repo.commit([.write("status/exp.json", "{}\n")], on: seed)
        let error = await #expect(throws: GitError.self) { try await repo.push(commit: ours, to: "main") }
        #expect(error?.code == .nonFastForward)
        #expect(error?.branch == "main")
        #expect(try await served.head() == theirs)
        #expect(try await repo.readFile(path: "status/exp.json", at: ours) == Data("{}\n".utf8))

        let head = try await repo.fetch(branch: "main")
        #expect(head.hex == theirs)
        let retried = try await repo.commit([.write("status/exp.json", "{}\n")], on: head)
        try await repo.push(commit: retried, to: "main")
        #expect(try await served.head() == retried.hex)
        #expect(try await served.show("other.txt") == "theirs\n")
        #expect(try await served.show("status/exp.json") == "{}\n")
    }

    @Test(arguments: [
        ("[rejected] (non-fast-forward)", GitError.Code.nonFastForward), ("failed to update ref: fetch first", .nonFastForward),
        ("hook declined", .rejected), ("deny updating a hidden ref", .rejected),
    ])
    func serverStatusMessagesAreClassified(message: String, code: GitError.Code) {
        #expect(LibGit2Repository.classifyPushStatus(message) == code)
    }
}

/// A ref refused by the server's `update` hook is `.rejected`, with the server's words.
@Suite struct RejectedPushTests {
    @Test(arguments: [Transport.git, .http])
    func updateHookRejection(transport: Transport) async throws {
        let served = try await ServedOrigin.start(transport)
        try await offPool { [origin = served.origin] in try origin.rejectUpdates(of: "refs/heads/main", message: "main is frozen by policy") }
        let repo = try await served.clone()
        let seed = try #require(try await repo.resolveReference("refs/remotes/origin/main"))
        let ours = try await repo.commit([.write("a.txt", "a\n")], on: seed)

        let error = await #expect(throws: GitError.self) { try await repo.push(commit: ours, to: "main") }
        #expect(error?.code == .rejected)
        #expect(error?.message.contains("hook declined") == true)
        #expect(error?.message.contains("main is frozen by policy") == true)
        #expect(try await served.head() == seed.hex)
        #expect(try await repo.resolveReference("refs/remotes/origin/main") == seed)
    }
}
