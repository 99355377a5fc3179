import Foundation
import Git
import Testing
import TestSupport

/// The in-memory Git the fast reconciler tests run on behaves as the real one: the same operations on an
/// ``InMemoryGitRepository`` and on a libgit2 clone of a real origin give the same transcript (paths, modes, blob
/// ids, changes, errors), commit ids aside.
@Suite struct ReconcilerUnitFakesTests {
    static let seed = [
        "README.md": "seed\n", "experiments/canary.yaml": "kind: Experiment\n", "experiments/deep/metric.yaml": "kind: Metric\n",
        "istio/reviews.yaml": "kind: VirtualService\n",
    ]

    /// One run of the contract: what a reconciler would see and do, as comparable text.
    static func transcript(
        _ repository: any GitRepository, anotherWriter: @Sendable ([String: String]) async throws -> Void
    ) async throws -> [String] {
        var lines: [String] = []
        func entries(_ list: [GitTreeEntry]) -> String { list.map { "\($0.path) \($0.mode.octal) \($0.mode == .directory ? "-" : $0.oid.hex)" }.joined(separator: ", ") }
        func code(_ body: () async throws -> Void) async -> String {
            do {
                try await body()
                return "ok"
            } catch let error as GitError {
                return "\(error.code)"
            } catch {
                return "\(type(of: error))"
            }
        }
        let head = try await repository.fetch(branch: "main")
        lines.append("remote head is fetched: \(try await repository.remoteHead(branch: "main") == head)")
        lines.append("tracking: \(try await repository.resolveReference("refs/remotes/origin/main") == head)")
        lines.append("root: " + entries(try await repository.listTree(at: head, path: "", recursive: false)))
        lines.append("all: " + entries(try await repository.listTree(at: head, path: "", recursive: true)))
        lines.append("experiments: " + entries(try await repository.listTree(at: head, path: "experiments", recursive: false)))
        lines.append("missing dir: " + (await code { _ = try await repository.listTree(at: head, path: "nope", recursive: true) }))
        lines.append("file as dir: " + (await code { _ = try await repository.listTree(at: head, path: "README.md", recursive: true) }))
        lines.append("read: \(String(decoding: try await repository.readFile(path: "istio/reviews.yaml", at: head) ?? Data(), as: UTF8.self))")
        lines.append("read missing: \(try await repository.readFile(path: "nope.yaml", at: head) == nil)")
        lines.append("too large: " + (await code { _ = try await repository.readFile(path: "README.md", at: head, maxBytes: 2) }))

        let me = GitSignature(name: "iter8", email: "iter8@example.com", time: Date(timeIntervalSince1970: 1_800_000_000))
        let unchanged = try await repository.commit(
            changes: [.write("README.md", "seed\n")], on: head, author: me, committer: me, message: "nothing")
        lines.append("empty commit: \(unchanged == nil)")
        let ours = try #require(try await repository.commit(
            changes: [.write("experiments/canary.status.yaml", "phase: Running\n"), .delete(path: "experiments/deep/metric.yaml"),
                      .write(path: "bin/tool.sh", data: Data("#!/bin/sh\n".utf8), executable: true)],
            on: head, author: me, committer: me, message: "iter8: status\n"))
        lines.append("changed: " + (try await repository.changedPaths(from: head, to: ours)).map {
            "\($0.kind.rawValue) \($0.path) \($0.oldOID?.hex ?? "-") \($0.newOID?.hex ?? "-")"
        }.joined(separator: ", "))
        lines.append("after: " + entries(try await repository.listTree(at: ours, path: "", recursive: true)))
        lines.append("log: " + (try await repository.log(from: ours, limit: 5)).map(\.subject).joined(separator: " < "))
        lines.append("ancestor: \(try await repository.isAncestor(head, of: ours)) \(try await repository.isAncestor(ours, of: head))")

        try await anotherWriter(["docs/notes.md": "notes\n"])
        lines.append("push behind: " + (await code { try await repository.push(commit: ours, to: "main") }))
        let theirs = try await repository.fetch(branch: "main")
        lines.append("theirs changed: " + (try await repository.changedPaths(from: head, to: theirs)).map(\.description).joined(separator: ", "))
        let replayed = try #require(try await repository.commit(
            changes: [.write("experiments/canary.status.yaml", "phase: Running\n")], on: theirs, author: me, committer: me,
            message: "iter8: status\n"))
        lines.append("push replayed: " + (await code { try await repository.push(commit: replayed, to: "main") }))
        lines.append("remote moved: \(try await repository.remoteHead(branch: "main") == replayed)")
        lines.append("ours is not below the replay: \(try await repository.isAncestor(ours, of: replayed))")

        let reference = "refs/iter8/seen/main"
        lines.append("ref create: " + (await code { try await repository.updateReference(reference, to: head, expected: nil) }))
        lines.append("ref stale: " + (await code { try await repository.updateReference(reference, to: replayed, expected: theirs) }))
        lines.append("ref move: " + (await code { try await repository.updateReference(reference, to: replayed, expected: head) }))
        lines.append("ref: \(try await repository.resolveReference(reference) == replayed)")
        lines.append("no branch: " + (await code { _ = try await repository.remoteHead(branch: "nope") }))
        return lines
    }

    @Test func theInMemoryRepositoryBehavesAsALibGit2Clone() async throws {
        let origin = try await offPool { try GitOrigin(files: Self.seed) }
        let directory = try TemporaryDirectory(prefix: "iter8-fake-contract")
        let real = try await LibGit2Repository.clone(GitRemote(url: origin.fileURL), into: directory.file("clone.git").path)
        let expected = try await Self.transcript(real) { files in
            _ = try await offPool { try origin.pushFromAnotherWriter(files: files) }
        }

        let memory = InMemoryOrigin(files: Self.seed)
        let fake = try await Self.transcript(InMemoryGitRepository(origin: memory)) { files in try memory.commit(files) }
        for (real, fake) in zip(expected, fake) { #expect(fake == real) }
        #expect(fake.count == expected.count)
    }

    @Test func theInMemoryOriginInjectsFailuresAndRaces() async throws {
        let origin = InMemoryOrigin(files: ["README.md": "seed\n"])
        let clone = InMemoryGitRepository(origin: origin)
        let head = try await clone.fetch(branch: "main")
        let me = GitSignature(name: "iter8", email: "iter8@example.com", time: Date(timeIntervalSince1970: 1_800_000_000))
        let ours = try #require(try await clone.commit(changes: [.write("a.txt", "a\n")], on: head, author: me, committer: me, message: "a"))

        origin.inject(.unreachable)
        await #expect(throws: GitError.self) { _ = try await clone.remoteHead(branch: "main") }
        await #expect(throws: GitError.self) { try await clone.push(commit: ours, to: "main") }
        origin.heal()
        origin.inject(.authentication)
        do {
            _ = try await clone.fetch(branch: "main")
            Issue.record("the fetch with refused credentials succeeded")
        } catch let error as GitError {
            #expect(error.code == .authentication)
        }
        origin.heal()
        origin.inject(.rejectPushes(count: 1))
        do {
            try await clone.push(commit: ours, to: "main")
            Issue.record("the refused push succeeded")
        } catch let error as GitError {
            #expect(error.code == .rejected)
        }
        #expect(origin.head() == head)
        // A race: another writer commits just before the push, which is then behind.
        origin.beforeEachPush { _ in _ = try origin.commit(["b.txt": "b\n"]) }
        do {
            try await clone.push(commit: ours, to: "main")
            Issue.record("the push behind another writer succeeded")
        } catch let error as GitError {
            #expect(error.code == .nonFastForward)
        }
        origin.beforeEachPush(nil)
        #expect(origin.file("b.txt") == "b\n")
        #expect(origin.pushCount == 0)
        #expect(origin.pushAttempts == 2)  // the unreachable server saw none
        #expect(origin.log().map(\.author.name) == ["A Human", "seed"])
    }
}
