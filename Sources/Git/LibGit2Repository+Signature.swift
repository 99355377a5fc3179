import CLibGit2
import Foundation

extension LibGit2Repository {
    /// Creates the commit object with `signer`'s signature in its `gpgsig` header, as `git commit -S` does: the
    /// buffer git would hash (`git_commit_create_buffer`) is signed, then stored with the signature inserted.
    static func createSignedCommit(
        _ repo: OpaquePointer, _ signer: any CommitSigner, tree: OpaquePointer?, parents: inout [OpaquePointer?],
        _ author: UnsafeMutablePointer<git_signature>?, _ committer: UnsafeMutablePointer<git_signature>?,
        _ message: String, _ context: GitError.Context
    ) throws(GitError) -> GitOID {
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let rc = git_commit_create_buffer(
            &buffer, repo, author, committer, "UTF-8", message, tree, parents.count, &parents)
        try LibGit2.check("git_commit_create_buffer", rc, context)
        let content = Data(bytes: buffer.ptr, count: buffer.size)
        let armored: String
        do {
            armored = try signer.signature(of: content)
        } catch {
            throw GitError(code: .other, operation: "sign commit", message: error.message, context: context)
        }
        // libgit2 indents every line after the first and ends the header itself: no trailing newline here.
        var signature = Substring(armored)
        while signature.last?.isNewline == true { signature = signature.dropLast() }
        var commit = git_oid()
        // The commit is UTF-8 text (its message and identities are Swift strings), so this round trip is exact.
        let text = String(decoding: content, as: UTF8.self)
        let created = git_commit_create_with_signature(&commit, repo, text, String(signature), nil)
        try LibGit2.check("git_commit_create_with_signature", created, context)
        return GitOID(commit)
    }

    /// The signature of commit `oid` (its `gpgsig` header) and the bytes it signs; nil when it is unsigned.
    public func commitSignature(_ oid: GitOID) async throws -> CommitSignature? {
        let context = GitError.Context(path: oid.hex)
        return try await local { repo throws(GitError) -> CommitSignature? in
            var id = oid.raw
            var signature = git_buf()
            var signed = git_buf()
            defer {
                git_buf_dispose(&signature)
                git_buf_dispose(&signed)
            }
            let rc = git_commit_extract_signature(&signature, &signed, repo, &id, nil)
            if rc == GIT_ENOTFOUND.rawValue {
                // Unsigned, or no such commit: tell them apart.
                let commit = try Self.lookupCommit(repo, oid, context)
                git_commit_free(commit)
                return nil
            }
            try LibGit2.check("git_commit_extract_signature", rc, context)
            let commit = try Self.lookupCommit(repo, oid, context)
            defer { git_commit_free(commit) }
            let time = Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit)))
            return CommitSignature(
                signature: String(decoding: Data(bytes: signature.ptr, count: signature.size), as: UTF8.self),
                signedData: Data(bytes: signed.ptr, count: signed.size), committerTime: time)
        }
    }
}
