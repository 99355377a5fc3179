import CLibGit2
import Foundation

extension LibGit2Repository {
    /// Up to `limit` commits from `start` back along first parents, newest first; see ``GitRepository/log(from:limit:)``.
    public func log(from start: GitOID, limit: Int) async throws -> [GitCommit] {
        let context = GitError.Context()
        return try await local { repo throws(GitError) -> [GitCommit] in
            var commits: [GitCommit] = []
            var next: GitOID? = start
            while let oid = next, commits.count < limit {
                let commit = try Self.lookupCommit(repo, oid, context)
                defer { git_commit_free(commit) }
                var parents: [GitOID] = []
                for index in 0..<git_commit_parentcount(commit) {
                    if let parent = git_commit_parent_id(commit, index) { parents.append(GitOID(parent.pointee)) }
                }
                let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
                let author = Self.readSignature(git_commit_author(commit))
                let time = Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit)))
                commits.append(GitCommit(id: oid, parents: parents, message: message, author: author, time: time))
                next = parents.first
            }
            return commits
        }
    }

    /// `git merge-base --is-ancestor`; see ``GitRepository/isAncestor(_:of:)``.
    public func isAncestor(_ ancestor: GitOID, of descendant: GitOID) async throws -> Bool {
        guard ancestor != descendant else { return true }
        let context = GitError.Context()
        return try await local { repo throws(GitError) -> Bool in
            var old = ancestor.raw
            var new = descendant.raw
            guard Self.exists(repo, &old), Self.exists(repo, &new) else { return false }
            let rc = git_graph_descendant_of(repo, &new, &old)
            try LibGit2.check("git_graph_descendant_of", rc, context)
            return rc == 1
        }
    }

    /// Whether the repository's object database holds `oid`.
    private static func exists(_ repo: OpaquePointer, _ oid: inout git_oid) -> Bool {
        var odb: OpaquePointer?
        guard git_repository_odb(&odb, repo) == 0 else { return false }
        defer { git_odb_free(odb) }
        return git_odb_exists(odb, &oid) == 1
    }

    static func readSignature(_ signature: UnsafePointer<git_signature>?) -> GitSignature {
        guard let signature else { return GitSignature(name: "", email: "", time: Date(timeIntervalSince1970: 0)) }
        let value = signature.pointee
        return GitSignature(
            name: value.name.map { String(cString: $0) } ?? "", email: value.email.map { String(cString: $0) } ?? "",
            time: Date(timeIntervalSince1970: TimeInterval(value.when.time)), timeZoneOffsetMinutes: Int(value.when.offset))
    }
}
