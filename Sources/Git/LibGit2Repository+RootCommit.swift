import CLibGit2
import Foundation

extension LibGit2Repository {
    /// Commits a tree holding only `changes` (writes) without a parent — the first commit of a branch of its own,
    /// as `git checkout --orphan` starts one — without a working tree and without moving any reference.
    public func commitRoot(changes: [FileChange], author: GitSignature, committer: GitSignature, message: String) async throws
        -> GitOID
    {
        let context = GitError.Context(path: nil)
        try Self.validate(changes, context)
        if let delete = changes.first(where: { if case .write = $0 { false } else { true } }) {
            throw GitError(
                code: .invalidSpec, operation: "commit", message: "a root commit has no file to delete ('\(delete.path)')",
                context: context.with(path: delete.path))
        }
        let signer = signer
        return try await local { repo throws(GitError) in
            var builder: OpaquePointer?
            try LibGit2.check("git_treebuilder_new", git_treebuilder_new(&builder, repo, nil), context)
            defer { git_treebuilder_free(builder) }
            var emptyID = git_oid()
            try LibGit2.check("git_treebuilder_write", git_treebuilder_write(&emptyID, builder), context)
            var empty: OpaquePointer?
            try LibGit2.check("git_tree_lookup", git_tree_lookup(&empty, repo, &emptyID), context)
            defer { git_tree_free(empty) }
            let tree = try Self.updatedTree(repo, empty, changes, context)
            return try Self.createCommit(repo, tree: tree, parent: nil, author, committer, message, context, signer: signer)
        }
    }
}
