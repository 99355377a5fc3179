import Foundation

/// What signs the commits a ``LibGit2Repository`` creates: given the commit's bytes, the text of its `gpgsig` header.
public protocol CommitSigner: Sendable {
    /// The signature of `commit` (the whole commit object as git hashes it, without a `gpgsig` header).
    func signature(of commit: Data) throws(SigningError) -> String
}
