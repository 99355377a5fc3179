import Foundation
import Git
import Logging

/// Lets the reconciler act only on a watched branch whose commits are signed by trusted keys.
///
/// With a ``CommitVerifier`` configured (``ReconcilerConfiguration/commitVerifier``), ``check(_:)`` accepts a head
/// when it and every commit on its first-parent chain since the last verified head verify: SSH signatures by a key
/// of the allowed-signers file (in process), OpenPGP signatures by a key of the configured keyring (`gpg`). The
/// service's own commits are checked the same way — list its key in the allowed-signers file. Otherwise it throws
/// ``UnverifiedCommit``: the pass stops before reading specs (no Kubernetes write, no commit, no push, no outage
/// action), with an error log line, the pass failure and `iter8_unverified_commit 1`, on every poll until fixed.
///
/// **Memory.** The last verified head is the local reference `refs/iter8/verified/<branch>` in the reconciler's
/// clone, next to ``BranchHistoryGuard``'s: it survives restarts that keep the work folder. Without one (a fresh
/// clone, the first start with verification on) only the head itself must verify; history below it is trusted
/// as of then. A head that does not descend from the last verified one (a rewrite, which ``BranchHistoryGuard``
/// stops separately) is checked the same way: only the head.
///
/// **Recovering.** A refused commit stays in the history the next heads are checked against. Either remove it
/// (rewrite the branch; acknowledge the rewrite as ``BranchHistoryGuard`` says, in a signed commit), or push a
/// commit signed by a trusted key whose message has the trailer `Iter8-Acknowledge-Unverified: <commit>` (at
/// least 7 hex digits; one trailer per refused commit): a verified commit acknowledging a commit below it lets the
/// check pass over that one.
public struct BranchSignatureGate: Sendable {
    /// The trailer of a commit acknowledging an unverified one below it.
    public static let trailer = "Iter8-Acknowledge-Unverified"
    /// The most commits one check walks; a longer chain since the last verified head is refused as a whole.
    public static let maxChain = 1_000

    let repository: any GitRepository
    let branch: String
    let verifier: CommitVerifier
    let logger: Logger

    /// A gate for `branch` of `repository`'s clone.
    public init(repository: any GitRepository, branch: String, verifier: CommitVerifier, logger: Logger) {
        self.repository = repository
        self.branch = branch
        self.verifier = verifier
        self.logger = logger
    }

    /// The local reference holding the last verified head.
    public var reference: String { "refs/iter8/verified/\(branch)" }

    /// Accepts `head` when it and the commits since the last verified head verify, and remembers it.
    ///
    /// - Throws: ``UnverifiedCommit`` naming the oldest commit that does not verify; a ``GitError`` when the clone
    ///   cannot be read.
    public func check(_ head: GitOID) async throws {
        let verified = try await repository.resolveReference(reference)
        guard verified != head else { return }
        let chain = try await commits(since: verified, to: head)
        var acknowledged: [String] = []
        var refused: (GitCommit, SignatureVerdict)?
        for commit in chain {  // newest first: an acknowledgement is above what it acknowledges
            let verdict = await verifier.verify(try await repository.commitSignature(commit.id))
            if verdict.isVerified {
                acknowledged += BranchHistoryGuard.trailerValues(Self.trailer, in: commit.message)
            } else if acknowledged.contains(where: { BranchHistoryGuard.names($0, commit.id) }) {
                logger.warning(
                    "a commit that does not verify was acknowledged by a signed commit above it; passing over it",
                    metadata: ["branch": "\(branch)", "commit": "\(commit.id.hex)", "verdict": "\(verdict)"])
            } else {
                refused = (commit, verdict)  // keep the oldest
            }
        }
        if chain.count > Self.maxChain {
            refused = (chain[chain.count - 1], .refused("more than \(Self.maxChain) commits since the last verified head"))
        }
        if let (commit, verdict) = refused {
            let error = UnverifiedCommit(branch: branch, commit: commit.id, head: head, lastVerified: verified, verdict: verdict)
            logger.error(
                "\(error)",
                metadata: [
                    "branch": "\(branch)", "commit": "\(commit.id.hex)", "head": "\(head.hex)",
                    "author": "\(commit.author.name) <\(commit.author.email)>", "verdict": "\(verdict)",
                ])
            throw error
        }
        try await repository.updateReference(reference, to: head, expected: verified)
        if let verified {
            logger.debug("verified the watched branch", metadata: ["from": "\(verified.hex)", "to": "\(head.hex)", "commits": "\(chain.count)"])
        }
    }

    /// The first-parent chain from `head` down to (without) `verified`, newest first; only `head` when `verified`
    /// is nil or not below it. Commits merged in from the verified side (ancestors of `verified`) end the chain.
    func commits(since verified: GitOID?, to head: GitOID) async throws -> [GitCommit] {
        let log = try await repository.log(from: head, limit: Self.maxChain + 1)
        guard let verified, try await repository.isAncestor(verified, of: head) else { return Array(log.prefix(1)) }
        if let index = log.firstIndex(where: { $0.id == verified }) { return Array(log[..<index]) }
        var chain: [GitCommit] = []
        for commit in log {
            if try await repository.isAncestor(commit.id, of: verified) { break }
            chain.append(commit)
        }
        return chain
    }
}

extension BranchHistoryGuard {
    /// The values of every `<trailer>: <value>` line of `message` (the name matched without regard to case).
    static func trailerValues(_ trailer: String, in message: String) -> [String] {
        message.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == trailer.lowercased() else {
                return nil
            }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
    }
}

extension Reconciler {
    /// The signature gate of the watched branch, when verification is configured.
    var signatureGate: BranchSignatureGate? {
        configuration.commitVerifier.map {
            BranchSignatureGate(repository: repository, branch: configuration.branch, verifier: $0, logger: logger)
        }
    }
}
