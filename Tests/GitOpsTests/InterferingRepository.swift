import Foundation
import Git
import Synchronization
import TestSupport

/// The reconciler's real repository, with another writer who pushes to the origin just before some of the
/// reconciler's pushes — a deterministic push race (the reconciler's push is then a non-fast-forward).
final class InterferingRepository: GitRepository {
    let base: any GitRepository
    let origin: GitOrigin
    /// Which of the reconciler's pushes (1-based) are preceded by another writer's commit, and its files.
    let interference: [Int: [String: String]]
    private let pushes = Mutex(0)
    /// Commits the other writer pushed.
    let theirs = Mutex<[String]>([])

    /// When true, a push preceded by the other writer fails as the server answers two racing pushes ("cannot
    /// lock ref … but expected …": `.rejected`), not as a non-fast-forward.
    let racesAsLockFailures: Bool

    init(_ base: any GitRepository, origin: GitOrigin, interference: [Int: [String: String]], racesAsLockFailures: Bool = false) {
        self.base = base
        self.origin = origin
        self.interference = interference
        self.racesAsLockFailures = racesAsLockFailures
    }

    func push(commit: GitOID, to branch: String) async throws {
        let number = pushes.withLock { count in
            count += 1
            return count
        }
        if let files = interference[number] {
            let origin = origin
            let id = try await offPool { try origin.pushFromAnotherWriter(files: files, message: "Another writer, before push \(number)") }
            theirs.withLock { $0.append(id.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if racesAsLockFailures {
                throw GitError(
                    code: .rejected, operation: "git_remote_push",
                    message: "refs/heads/\(branch): cannot lock ref 'refs/heads/\(branch)': is at 1111111 but expected 2222222")
            }
        }
        try await base.push(commit: commit, to: branch)
    }

    func remoteHead(branch: String) async throws -> GitOID { try await base.remoteHead(branch: branch) }
    func fetch(branch: String) async throws -> GitOID { try await base.fetch(branch: branch) }
    func readFile(path: String, at commit: GitOID) async throws -> Data? { try await base.readFile(path: path, at: commit) }
    func listTree(at commit: GitOID, path: String, recursive: Bool) async throws -> [GitTreeEntry] {
        try await base.listTree(at: commit, path: path, recursive: recursive)
    }
    func changedPaths(from old: GitOID?, to new: GitOID) async throws -> [ChangedPath] {
        try await base.changedPaths(from: old, to: new)
    }
    func commit(changes: [FileChange], on parent: GitOID, author: GitSignature, committer: GitSignature, message: String)
        async throws -> GitOID?
    {
        try await base.commit(changes: changes, on: parent, author: author, committer: committer, message: message)
    }
    func log(from start: GitOID, limit: Int) async throws -> [GitCommit] { try await base.log(from: start, limit: limit) }
    func resolveReference(_ name: String) async throws -> GitOID? { try await base.resolveReference(name) }
    func updateReference(_ name: String, to oid: GitOID, expected: GitOID?) async throws {
        try await base.updateReference(name, to: oid, expected: expected)
    }
}
