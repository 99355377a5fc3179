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

    static func readSignature(_ signature: UnsafePointer<git_signature>?) -> GitSignature {
        guard let signature else { return GitSignature(name: "", email: "", time: Date(timeIntervalSince1970: 0)) }
        let value = signature.pointee
        return GitSignature(
            name: value.name.map { String(cString: $0) } ?? "", email: value.email.map { String(cString: $0) } ?? "",
            time: Date(timeIntervalSince1970: TimeInterval(value.when.time)), timeZoneOffsetMinutes: Int(value.when.offset))
    }
}
