import Foundation
import Git
import Synchronization

/// A repository with another writer who pushes to the origin just before some of its pushes — a deterministic push
/// race (the wrapped push is then a non-fast-forward). Wraps the reconciler's real clone over a ``GitOrigin``, or an
/// ``InMemoryGitRepository`` (whose ``InMemoryOrigin`` can also race with ``InMemoryOrigin/beforeEachPush(_:)``).
public final class InterferingRepository: GitRepository {
    /// The repository wrapped.
    public let base: any GitRepository
    /// Which of the wrapped pushes (1-based) are preceded by another writer's commit, and its files.
    public let interference: [Int: [String: String]]
    /// Commits the other writer pushed.
    public let theirs = Mutex<[String]>([])
    /// When true, a push preceded by the other writer fails as the server answers two racing pushes ("cannot
    /// lock ref … but expected …": `.rejected`), not as a non-fast-forward.
    public let racesAsLockFailures: Bool
    /// Commits `files` with `message` as the other writer and pushes it; returns the commit's id.
    let anotherWriter: @Sendable (_ files: [String: String], _ message: String) async throws -> String
    private let pushes = Mutex(0)

    /// Wraps `base`; `anotherWriter` commits and pushes files as someone else.
    public init(
        _ base: any GitRepository, interference: [Int: [String: String]], racesAsLockFailures: Bool = false,
        anotherWriter: @escaping @Sendable (_ files: [String: String], _ message: String) async throws -> String
    ) {
        self.base = base
        self.interference = interference
        self.racesAsLockFailures = racesAsLockFailures
        self.anotherWriter = anotherWriter
    }

    /// Wraps a clone of `origin`: the other writer pushes with the `git` CLI.
    public convenience init(
        _ base: any GitRepository, origin: GitOrigin, interference: [Int: [String: String]], racesAsLockFailures: Bool = false
    ) {
        self.init(base, interference: interference, racesAsLockFailures: racesAsLockFailures) { files, message in
            try await offPool { try origin.pushFromAnotherWriter(files: files, message: message) }
        }
    }

    /// Wraps a clone of the in-memory `origin`.
    public convenience init(
        _ base: any GitRepository, origin: InMemoryOrigin, interference: [Int: [String: String]], racesAsLockFailures: Bool = false
    ) {
        self.init(base, interference: interference, racesAsLockFailures: racesAsLockFailures) { files, message in
            try origin.commit(files, message: message + "\n").hex
        }
    }

    public func push(commit: GitOID, to branch: String) async throws {
        let number = pushes.withLock { count in
            count += 1
            return count
        }
        if let files = interference[number] {
            let id = try await anotherWriter(files, "Another writer, before push \(number)")
            theirs.withLock { $0.append(id.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if racesAsLockFailures {
                throw GitError(
                    code: .rejected, operation: "git_remote_push",
                    message: "refs/heads/\(branch): cannot lock ref 'refs/heads/\(branch)': is at 1111111 but expected 2222222")
            }
        }
        try await base.push(commit: commit, to: branch)
    }

    public func remoteHead(branch: String) async throws -> GitOID { try await base.remoteHead(branch: branch) }
    public func fetch(branch: String) async throws -> GitOID { try await base.fetch(branch: branch) }
    public func readFile(path: String, at commit: GitOID) async throws -> Data? { try await base.readFile(path: path, at: commit) }
    public func readFile(path: String, at commit: GitOID, maxBytes: Int) async throws -> Data? {
        try await base.readFile(path: path, at: commit, maxBytes: maxBytes)
    }
    public func listTree(at commit: GitOID, path: String, recursive: Bool) async throws -> [GitTreeEntry] {
        try await base.listTree(at: commit, path: path, recursive: recursive)
    }
    public func changedPaths(from old: GitOID?, to new: GitOID) async throws -> [ChangedPath] {
        try await base.changedPaths(from: old, to: new)
    }
    public func commit(changes: [FileChange], on parent: GitOID, author: GitSignature, committer: GitSignature, message: String)
        async throws -> GitOID?
    {
        try await base.commit(changes: changes, on: parent, author: author, committer: committer, message: message)
    }
    public func commitRoot(changes: [FileChange], author: GitSignature, committer: GitSignature, message: String) async throws
        -> GitOID
    {
        try await base.commitRoot(changes: changes, author: author, committer: committer, message: message)
    }
    public func log(from start: GitOID, limit: Int) async throws -> [GitCommit] { try await base.log(from: start, limit: limit) }
    public func isAncestor(_ ancestor: GitOID, of descendant: GitOID) async throws -> Bool {
        try await base.isAncestor(ancestor, of: descendant)
    }
    public func resolveReference(_ name: String) async throws -> GitOID? { try await base.resolveReference(name) }
    public func updateReference(_ name: String, to oid: GitOID, expected: GitOID?) async throws {
        try await base.updateReference(name, to: oid, expected: expected)
    }
}
