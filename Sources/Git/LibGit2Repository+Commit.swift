import CLibGit2
import Foundation

extension LibGit2Repository {
    /// Builds a tree from `parent`'s with `changes` applied (`git_tree_create_updated`) and commits it,
    /// without a working tree and without moving any reference.
    public func commit(
        changes: [FileChange], on parent: GitOID, author: GitSignature, committer: GitSignature, message: String
    ) async throws -> GitOID? {
        let context = GitError.Context(path: nil)
        try Self.validate(changes, context)
        let signer = signer
        return try await local { repo throws(GitError) in
            let parentCommit = try Self.lookupCommit(repo, parent, context)
            defer { git_commit_free(parentCommit) }
            var baseline: OpaquePointer?
            try LibGit2.check("git_commit_tree", git_commit_tree(&baseline, parentCommit), context)
            defer { git_tree_free(baseline) }
            var tree = try Self.updatedTree(repo, baseline, changes, context)
            var baselineID = git_tree_id(baseline).pointee
            if git_oid_equal(&tree, &baselineID) != 0 { return nil }
            return try Self.createCommit(
                repo, tree: tree, parent: parentCommit, author, committer, message, context, signer: signer)
        }
    }

    /// Writes a blob for each written file and the tree `baseline` becomes with `changes` applied; a deleted file
    /// must be in `baseline`.
    static func updatedTree(
        _ repo: OpaquePointer, _ baseline: OpaquePointer?, _ changes: [FileChange], _ context: GitError.Context
    ) throws(GitError) -> git_oid {
        var blobs: [git_oid] = []
        for change in changes {
            guard case .write(let path, let data, _) = change else {
                try requireFile(change.path, in: baseline, context)
                blobs.append(git_oid())
                continue
            }
            var blob = git_oid()
            let rc = data.withUnsafeBytes { git_blob_create_from_buffer(&blob, repo, $0.baseAddress, $0.count) }
            try LibGit2.check("git_blob_create_from_buffer", rc, context.with(path: path))
            blobs.append(blob)
        }
        var tree = git_oid()
        let rc = withUpdates(changes, blobs) { updates in
            git_tree_create_updated(&tree, repo, baseline, updates.count, updates.baseAddress)
        }
        try LibGit2.check("git_tree_create_updated", rc, context)
        return tree
    }

    /// Points `name` at `oid` if it holds `expected` (nil: if it does not exist); `.conflict` otherwise.
    public func updateReference(_ name: String, to oid: GitOID, expected: GitOID?) async throws {
        let context = GitError.Context(path: name)
        try await local { repo throws(GitError) in
            var id = oid.raw
            var ref: OpaquePointer?
            let message = "iter8: update \(name)"
            let rc: Int32
            if let expected {
                var current = expected.raw
                rc = git_reference_create_matching(&ref, repo, name, &id, 1, &current, message)
            } else {
                rc = git_reference_create(&ref, repo, name, &id, 0, message)
            }
            git_reference_free(ref)
            try LibGit2.check("git_reference_create_matching", rc, context)
        }
    }

    static func createCommit(
        _ repo: OpaquePointer, tree treeID: git_oid, parent: OpaquePointer?, _ author: GitSignature,
        _ committer: GitSignature, _ message: String, _ context: GitError.Context, signer: (any CommitSigner)? = nil
    ) throws(GitError) -> GitOID {
        var id = treeID
        var tree: OpaquePointer?
        try LibGit2.check("git_tree_lookup", git_tree_lookup(&tree, repo, &id), context)
        defer { git_tree_free(tree) }
        let authorSignature = try signature(author, context)
        defer { git_signature_free(authorSignature) }
        let committerSignature = try signature(committer, context)
        defer { git_signature_free(committerSignature) }
        var commit = git_oid()
        var parents: [OpaquePointer?] = parent == nil ? [] : [parent]  // none: a root commit
        if let signer {
            return try createSignedCommit(
                repo, signer, tree: tree, parents: &parents, authorSignature, committerSignature, message, context)
        }
        let rc = git_commit_create(
            &commit, repo, nil, authorSignature, committerSignature, "UTF-8", message, tree, parents.count, &parents)
        try LibGit2.check("git_commit_create", rc, context)
        return GitOID(commit)
    }

    static func signature(_ value: GitSignature, _ context: GitError.Context) throws(GitError) -> UnsafeMutablePointer<git_signature>? {
        var signature: UnsafeMutablePointer<git_signature>?
        let seconds = git_time_t(value.time.timeIntervalSince1970.rounded(.down))
        try LibGit2.check(
            "git_signature_new",
            git_signature_new(&signature, value.name, value.email, seconds, Int32(value.timeZoneOffsetMinutes)), context)
        return signature
    }

    /// Calls `body` with one `git_tree_update` per change; the C path strings live for the call.
    static func withUpdates<R>(
        _ changes: [FileChange], _ blobs: [git_oid], _ body: (UnsafeBufferPointer<git_tree_update>) -> R
    ) -> R {
        let paths = changes.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var updates: [git_tree_update] = []
        for (index, change) in changes.enumerated() {
            var update = git_tree_update()
            update.path = UnsafePointer(paths[index])
            switch change {
            case .write(_, _, let executable):
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = blobs[index]
                update.filemode = executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
            case .delete:
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            updates.append(update)
        }
        return updates.withUnsafeBufferPointer(body)
    }

    /// Rejects empty, absolute, `.`/`..`/`.git` and duplicate paths before libgit2 sees them.
    static func validate(_ changes: [FileChange], _ context: GitError.Context) throws(GitError) {
        var seen = Set<String>()
        for change in changes {
            let path = change.path
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            let bad = path.isEmpty || parts.contains { $0.isEmpty || $0 == "." || $0 == ".." || $0.lowercased() == ".git" }
            if bad || !seen.insert(path).inserted {
                throw GitError(
                    code: .invalidSpec, operation: "commit",
                    message: bad ? "invalid path '\(path)'" : "path '\(path)' is changed twice",
                    context: context.with(path: path))
            }
        }
    }

    /// Throws `.notFound` unless `path` names a file in `tree` (libgit2 reports a missing one only as text).
    static func requireFile(_ path: String, in tree: OpaquePointer?, _ context: GitError.Context) throws(GitError) {
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, tree, path)
        defer { git_tree_entry_free(entry) }
        try LibGit2.check("git_tree_entry_bypath", rc, context.with(path: path))
        guard git_tree_entry_type(entry) != GIT_OBJECT_TREE else {
            throw GitError(
                code: .invalidSpec, operation: "commit", message: "'\(path)' is a directory; delete its files",
                context: context.with(path: path))
        }
    }

    /// Looks up a commit by id; `.notFound` when it is not in the repository.
    static func lookupCommit(_ repo: OpaquePointer, _ oid: GitOID, _ context: GitError.Context) throws(GitError) -> OpaquePointer? {
        var id = oid.raw
        var commit: OpaquePointer?
        try LibGit2.check("git_commit_lookup", git_commit_lookup(&commit, repo, &id), context.with(path: context.path ?? oid.hex))
        return commit
    }
}
