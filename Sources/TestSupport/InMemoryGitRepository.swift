import Foundation
import Git
import Synchronization

/// A clone of an ``InMemoryOrigin``: the ``Git/GitRepository`` the reconciler works through in fast tests.
///
/// It sees the commits it made and those it fetched (a commit it never fetched reads as `.notFound`, and is no
/// ancestor of anything); its local references (`refs/remotes/origin/<branch>`, the reconciler's own) live here.
/// Pushes go to the origin, which refuses a non-fast-forward as a real server does.
public final class InMemoryGitRepository: GitRepository {
    /// The server.
    public let origin: InMemoryOrigin

    struct State {
        var known: Set<GitOID> = []
        var references: [String: GitOID] = [:]
        var fetches = 0
    }

    let state = Mutex(State())

    /// A clone of `origin` that has fetched nothing yet.
    public init(origin: InMemoryOrigin) {
        self.origin = origin
    }

    /// Fetches so far.
    public var fetchCount: Int { state.withLock { $0.fetches } }

    public func remoteHead(branch: String) async throws -> GitOID {
        try origin.remoteHead(branch)
    }

    public func fetch(branch: String) async throws -> GitOID {
        let head = try origin.remoteHead(branch)
        let reachable = origin.reachable(from: head)
        state.withLock { state in
            state.known.formUnion(reachable)
            state.references["refs/remotes/origin/\(branch)"] = head
            state.fetches += 1
        }
        return head
    }

    public func readFile(path: String, at commit: GitOID) async throws -> Data? {
        try stored(commit).files[path]?.data
    }

    public func listTree(at commit: GitOID, path: String, recursive: Bool) async throws -> [GitTreeEntry] {
        let files = try stored(commit).files
        let trimmed = path.split(separator: "/").joined(separator: "/")
        let prefix = trimmed.isEmpty ? "" : trimmed + "/"
        let below = files.filter { $0.key.hasPrefix(prefix) }
        if !trimmed.isEmpty, below.isEmpty {
            let why = files[trimmed] == nil ? "the path '\(trimmed)' does not exist in the given tree" : "'\(trimmed)' is not a directory"
            throw GitError(code: .notFound, operation: "listTree", message: why)
        }
        if recursive {
            return below.map { GitTreeEntry(path: $0.key, oid: $0.value.oid, mode: $0.value.executable ? .executable : .file) }
                .sorted { $0.path < $1.path }
        }
        var entries: [String: GitTreeEntry] = [:]
        for (file, blob) in below {
            let rest = file.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                let directory = prefix + rest[..<slash]
                entries[directory] = GitTreeEntry(
                    path: directory, oid: InMemoryOrigin.directoryID(files, prefix: directory + "/"), mode: .directory)
            } else {
                entries[file] = GitTreeEntry(path: file, oid: blob.oid, mode: blob.executable ? .executable : .file)
            }
        }
        return entries.values.sorted { $0.path < $1.path }
    }

    public func changedPaths(from old: GitOID?, to new: GitOID) async throws -> [ChangedPath] {
        let before = try old.map { try stored($0).files } ?? [:]
        let after = try stored(new).files
        return Set(before.keys).union(after.keys).sorted().compactMap { path in
            switch (before[path], after[path]) {
            case (nil, let added?): ChangedPath(path: path, kind: .added, newOID: added.oid)
            case (let removed?, nil): ChangedPath(path: path, kind: .deleted, oldOID: removed.oid)
            case (let a?, let b?) where a != b: ChangedPath(path: path, kind: .modified, oldOID: a.oid, newOID: b.oid)
            default: nil
            }
        }
    }

    public func commit(
        changes: [FileChange], on parent: GitOID, author: GitSignature, committer: GitSignature, message: String
    ) async throws -> GitOID? {
        let base = try stored(parent)
        let files = try InMemoryOrigin.apply(changes, to: base.files)
        guard files != base.files else { return nil }
        let commit = InMemoryOrigin.make(files: files, parents: [parent], author: author, committer: committer, message: message)
        origin.store(commit)
        state.withLock { _ = $0.known.insert(commit.commit.id) }
        return commit.commit.id
    }

    public func commitRoot(changes: [FileChange], author: GitSignature, committer: GitSignature, message: String) async throws
        -> GitOID
    {
        if let delete = changes.first(where: { if case .write = $0 { false } else { true } }) {
            throw GitError(code: .invalidSpec, operation: "commit", message: "a root commit has no file to delete ('\(delete.path)')")
        }
        let files = try InMemoryOrigin.apply(changes, to: [:])
        let commit = InMemoryOrigin.make(files: files, parents: [], author: author, committer: committer, message: message)
        origin.store(commit)
        state.withLock { _ = $0.known.insert(commit.commit.id) }
        return commit.commit.id
    }

    public func push(commit: GitOID, to branch: String) async throws {
        _ = try stored(commit)
        try await origin.push(commit, to: branch)
    }

    public func log(from start: GitOID, limit: Int) async throws -> [GitCommit] {
        var commits: [GitCommit] = []
        var next: GitOID? = start
        while let id = next, commits.count < limit {
            let stored = try stored(id)
            commits.append(stored.commit)
            next = stored.commit.parents.first
        }
        return commits
    }

    public func isAncestor(_ ancestor: GitOID, of descendant: GitOID) async throws -> Bool {
        guard isKnown(ancestor) else { return false }
        var queue = [descendant]
        var seen: Set<GitOID> = []
        while let next = queue.popLast() {
            if next == ancestor { return true }
            guard seen.insert(next).inserted, isKnown(next), let stored = origin.stored(next) else { continue }
            queue += stored.commit.parents
        }
        return false
    }

    public func resolveReference(_ name: String) async throws -> GitOID? {
        state.withLock { $0.references[name] }
    }

    public func updateReference(_ name: String, to oid: GitOID, expected: GitOID?) async throws {
        try state.withLock { state throws(GitError) in
            guard state.references[name] == expected else {
                throw GitError(
                    code: .conflict, operation: "git_reference_create_matching",
                    message: "reference \(name) is \(state.references[name]?.short ?? "absent"), expected \(expected?.short ?? "absent")")
            }
            state.references[name] = oid
        }
    }

    func isKnown(_ id: GitOID) -> Bool { state.withLock { $0.known.contains(id) } }

    /// A commit this clone has, with its tree.
    func stored(_ id: GitOID) throws(GitError) -> InMemoryOrigin.Commit {
        guard isKnown(id), let commit = origin.stored(id) else {
            throw GitError(code: .notFound, operation: "git_commit_lookup", message: "object not found - no match for id (\(id.hex))")
        }
        return commit
    }
}
