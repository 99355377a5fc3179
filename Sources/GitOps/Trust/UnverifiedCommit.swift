import Git

/// A commit on the watched branch does not verify: iter8 takes no action until it is dealt with
/// (see ``BranchSignatureGate``).
public struct UnverifiedCommit: Error, Sendable, Hashable, CustomStringConvertible {
    /// The branch.
    public var branch: String
    /// The commit that does not verify (the oldest such since the last verified head).
    public var commit: GitOID
    /// The branch's head.
    public var head: GitOID
    /// The last head that verified; nil before the first.
    public var lastVerified: GitOID?
    /// Why it does not verify.
    public var verdict: SignatureVerdict

    /// A refusal of `commit` below `head` of `branch`.
    public init(branch: String, commit: GitOID, head: GitOID, lastVerified: GitOID?, verdict: SignatureVerdict) {
        self.branch = branch
        self.commit = commit
        self.head = head
        self.lastVerified = lastVerified
        self.verdict = verdict
    }

    /// What happened, what iter8 does about it, and how to recover.
    public var description: String {
        "commit \(commit.hex) on the watched branch '\(branch)' does not verify (\(verdict)); iter8 takes no action "
            + "(no Kubernetes write, no commit, no push) until the head and every commit on its first-parent chain "
            + "since \(lastVerified?.short ?? "the first verified head") verify: remove the commit, or push a commit "
            + "signed by a trusted key with the trailer '\(BranchSignatureGate.trailer): \(commit.short)'"
    }
}
