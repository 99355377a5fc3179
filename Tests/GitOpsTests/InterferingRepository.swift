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

    init(_ base: any GitRepository, origin: GitOrigin, interference: [Int: [String: String]]) {
        self.base = base
        self.origin = origin
        self.interference = interference
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
