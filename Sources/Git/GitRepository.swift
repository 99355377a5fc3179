import Foundation

/// A Git repository with one remote: the seam the GitOps reconciler works through.
///
/// Reads address commits by id, never a working tree. Commits are built from file writes on a parent
/// commit and move no branch; ``push(commit:to:)`` publishes one and never forces. ``LibGit2Repository``
/// is the real implementation; tests can use an in-memory one.
public protocol GitRepository: Sendable {
    /// The id the remote branch points at, asked from the server without downloading any object.
    ///
    /// - Throws: ``GitError`` `.notFound` when the remote has no such branch, `.network`, `.authentication`…
    func remoteHead(branch: String) async throws -> GitOID

    /// Downloads the remote branch and records it as `refs/remotes/<remote>/<branch>`; returns its id.
    func fetch(branch: String) async throws -> GitOID

    /// The content of the file at `path` in `commit`; nil when there is no file there.
    func readFile(path: String, at commit: GitOID) async throws -> Data?

    /// The file when it is at most `maxBytes` long (nil when there is none); ``BlobTooLargeError`` otherwise,
    /// without loading it where the implementation can tell the size first.
    func readFile(path: String, at commit: GitOID, maxBytes: Int) async throws -> Data?

    /// The entries under the directory `path` ("" for the root) of `commit`, sorted by path.
    ///
    /// Not recursive: the directory's direct children, subdirectories included. Recursive: every
    /// file below it (like `git ls-tree -r`), directories omitted.
    func listTree(at commit: GitOID, path: String, recursive: Bool) async throws -> [GitTreeEntry]

    /// The files that differ from `old` to `new` (`old` nil: everything in `new` is added), sorted by path.
    func changedPaths(from old: GitOID?, to new: GitOID) async throws -> [ChangedPath]

    /// Creates a commit whose tree is `parent`'s with `changes` applied; moves no reference.
    ///
    /// - Returns: the new commit's id, or nil when the changes leave the tree as it was (no empty commits).
    func commit(
        changes: [FileChange], on parent: GitOID, author: GitSignature, committer: GitSignature, message: String
    ) async throws -> GitOID?

    /// Creates a commit without a parent whose tree holds only `changes` (writes: a delete is an error) — the first
    /// commit of a branch of its own, as `git checkout --orphan` starts one; moves no reference.
    func commitRoot(changes: [FileChange], author: GitSignature, committer: GitSignature, message: String) async throws -> GitOID

    /// Pushes `commit` to the remote's `refs/heads/<branch>` as a fast-forward only (never forced).
    ///
    /// - Throws: ``GitError`` `.nonFastForward` when the branch moved on (fetch, re-apply, retry);
    ///   `.rejected` when the server refused the ref (its message is in the error).
    func push(commit: GitOID, to branch: String) async throws

    /// Up to `limit` commits from `start` back along first parents, newest first (the rollout history).
    func log(from start: GitOID, limit: Int) async throws -> [GitCommit]

    /// True when `ancestor` is `descendant` or reachable from it through any parents (`git merge-base
    /// --is-ancestor`): `descendant` is a fast-forward of `ancestor`. False when `ancestor` is not in the
    /// local repository (a history that was rewritten and never fetched).
    func isAncestor(_ ancestor: GitOID, of descendant: GitOID) async throws -> Bool
    /// The id a local reference (e.g. `refs/remotes/origin/main`) points at; nil when it does not exist.
    func resolveReference(_ name: String) async throws -> GitOID?

    /// Points the local reference `name` at `oid`, only if it currently points at `expected`
    /// (nil: only if it does not exist yet).
    ///
    /// - Throws: ``GitError`` `.conflict` when the reference holds another value.
    func updateReference(_ name: String, to oid: GitOID, expected: GitOID?) async throws

    /// The signature in commit `oid`'s `gpgsig` header and the bytes it signs; nil when the commit is unsigned.
    func commitSignature(_ oid: GitOID) async throws -> CommitSignature?
}

extension GitRepository {
    /// For repositories that store no signatures (in-memory ones): every commit is unsigned.
    public func commitSignature(_ oid: GitOID) async throws -> CommitSignature? { nil }

    /// A walk over every parent through ``log(from:limit:)``, for repositories without a graph query of
    /// their own; gives up (false) after 100,000 commits.
    public func isAncestor(_ ancestor: GitOID, of descendant: GitOID) async throws -> Bool {
        var queue = [descendant]
        var seen: Set<GitOID> = [descendant]
        while let next = queue.popLast(), seen.count <= 100_000 {
            if next == ancestor { return true }
            guard let commit = try await log(from: next, limit: 1).first else { continue }
            for parent in commit.parents where seen.insert(parent).inserted { queue.append(parent) }
        }
        return false
    }
}
