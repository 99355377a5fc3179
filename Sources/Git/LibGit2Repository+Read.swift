import CLibGit2
import Foundation

extension LibGit2Repository {
    /// Reads the blob at `path` in `commit`; nil when nothing (or a directory) is there.
    public func readFile(path: String, at commit: GitOID) async throws -> Data? {
        let context = GitError.Context(path: path)
        return try await local { repo throws(GitError) -> Data? in
            let tree = try Self.tree(repo, of: commit, context)
            defer { git_tree_free(tree) }
            var entry: OpaquePointer?
            let rc = git_tree_entry_bypath(&entry, tree, path)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try LibGit2.check("git_tree_entry_bypath", rc, context)
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
            var blob: OpaquePointer?
            try LibGit2.check("git_blob_lookup", git_blob_lookup(&blob, repo, git_tree_entry_id(entry)), context)
            defer { git_blob_free(blob) }
            return Data(bytes: git_blob_rawcontent(blob), count: Int(git_blob_rawsize(blob)))
        }
    }

    /// Lists the directory `path` ("" for the root) of `commit`; see ``GitRepository/listTree(at:path:recursive:)``.
    public func listTree(at commit: GitOID, path: String, recursive: Bool) async throws -> [GitTreeEntry] {
        let context = GitError.Context(path: path)
        return try await local { repo throws(GitError) -> [GitTreeEntry] in
            let root = try Self.tree(repo, of: commit, context)
            defer { git_tree_free(root) }
            let prefix = path.split(separator: "/").joined(separator: "/")
            var directory = root
            var subtree: OpaquePointer?
            defer { git_tree_free(subtree) }
            if !prefix.isEmpty {
                var entry: OpaquePointer?
                try LibGit2.check("git_tree_entry_bypath", git_tree_entry_bypath(&entry, root, prefix), context)
                defer { git_tree_entry_free(entry) }
                guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else {
                    throw GitError(code: .notFound, operation: "listTree", message: "'\(prefix)' is not a directory", context: context)
                }
                try LibGit2.check("git_tree_lookup", git_tree_lookup(&subtree, repo, git_tree_entry_id(entry)), context)
                directory = subtree
            }
            var entries: [GitTreeEntry] = []
            try Self.collect(repo, directory, prefix: prefix.isEmpty ? "" : prefix + "/", recursive: recursive, into: &entries, context)
            return entries.sorted { $0.path < $1.path }
        }
    }

    /// The files that differ between two commits (`git_diff_tree_to_tree`, no rename detection).
    public func changedPaths(from old: GitOID?, to new: GitOID) async throws -> [ChangedPath] {
        let context = GitError.Context()
        return try await local { repo throws(GitError) -> [ChangedPath] in
            let oldTree = try old.map { oid throws(GitError) in try Self.tree(repo, of: oid, context) } ?? nil
            defer { git_tree_free(oldTree) }
            let newTree = try Self.tree(repo, of: new, context)
            defer { git_tree_free(newTree) }
            var diff: OpaquePointer?
            try LibGit2.check("git_diff_tree_to_tree", git_diff_tree_to_tree(&diff, repo, oldTree, newTree, nil), context)
            defer { git_diff_free(diff) }
            var changes: [ChangedPath] = []
            for index in 0..<git_diff_num_deltas(diff) {
                guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
                let oldID = GitOID(delta.old_file.id)
                let newID = GitOID(delta.new_file.id)
                switch delta.status {
                case GIT_DELTA_ADDED:
                    changes.append(ChangedPath(path: String(cString: delta.new_file.path), kind: .added, newOID: newID))
                case GIT_DELTA_DELETED:
                    changes.append(ChangedPath(path: String(cString: delta.old_file.path), kind: .deleted, oldOID: oldID))
                default:
                    changes.append(
                        ChangedPath(path: String(cString: delta.new_file.path), kind: .modified, oldOID: oldID, newOID: newID))
                }
            }
            return changes.sorted { $0.path < $1.path }
        }
    }

    /// The id `name` resolves to (following symbolic references); nil when it does not exist.
    public func resolveReference(_ name: String) async throws -> GitOID? {
        let context = GitError.Context(path: name)
        return try await local { repo throws(GitError) -> GitOID? in
            var id = git_oid()
            let rc = git_reference_name_to_id(&id, repo, name)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try LibGit2.check("git_reference_name_to_id", rc, context)
            return GitOID(id)
        }
    }

    /// The root tree of `commit`; the caller frees it.
    static func tree(_ repo: OpaquePointer, of commit: GitOID, _ context: GitError.Context) throws(GitError) -> OpaquePointer? {
        let object = try lookupCommit(repo, commit, context)
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        try LibGit2.check("git_commit_tree", git_commit_tree(&tree, object), context)
        return tree
    }

    /// Appends `tree`'s entries (recursing into subtrees when asked) with paths under `prefix`.
    static func collect(
        _ repo: OpaquePointer, _ tree: OpaquePointer?, prefix: String, recursive: Bool, into entries: inout [GitTreeEntry],
        _ context: GitError.Context
    ) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            let entry = git_tree_entry_byindex(tree, index)
            let path = prefix + String(cString: git_tree_entry_name(entry))
            let mode = GitTreeEntry.Mode(octal: Int(git_tree_entry_filemode(entry).rawValue))
            guard recursive, mode == .directory else {
                entries.append(GitTreeEntry(path: path, oid: GitOID(git_tree_entry_id(entry).pointee), mode: mode))
                continue
            }
            var subtree: OpaquePointer?
            try LibGit2.check("git_tree_lookup", git_tree_lookup(&subtree, repo, git_tree_entry_id(entry)), context.with(path: path))
            defer { git_tree_free(subtree) }
            try collect(repo, subtree, prefix: path + "/", recursive: true, into: &entries, context)
        }
    }
}
