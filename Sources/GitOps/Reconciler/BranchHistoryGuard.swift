import Foundation
import Git
import Logging

/// Stops the reconciler when the watched branch was rewritten, until an operator acknowledges it.
///
/// Every head the reconciler acts on must descend from the last head it saw (a fast-forward: commits were
/// added, none removed). A force-pushed branch whose new head does not — history that iter8's status commits,
/// promotions or a human's changes may have vanished from — makes ``check(_:)`` throw ``BranchRewritten``:
/// the pass stops before reading specs, so no Kubernetes write, no commit and no push happens, and it says so
/// in an error log line, the pass failure and `iter8_branch_rewritten 1`, on every poll until acknowledged.
///
/// **Acknowledging.** An operator who checked the new history pushes a commit on top of it (an empty one
/// will do) whose message has the trailer `Iter8-Acknowledge-Rewrite: <old>..<new>` — the ids from the log
/// line, at least 7 hex digits each; `<old>` alone also works. The acknowledgement is found in the first-parent
/// history of the head (the newest ``acknowledgementSearchDepth`` commits), so it is in Git, reviewed like any
/// change, and holds across restarts. An acknowledgement of another rewrite (another `<old>`) does not count.
///
/// **Memory.** The last head seen is the local reference `refs/iter8/seen/<branch>` in the reconciler's
/// clone, so it survives restarts that keep the work folder. A fresh clone (a new work folder, or one cloned
/// again after a killed process left lock files) starts from the head it cloned: a rewrite made while no
/// clone existed is not detected.
public struct BranchHistoryGuard: Sendable {
    /// The trailer of an acknowledging commit.
    public static let trailer = "Iter8-Acknowledge-Rewrite"
    /// How many first-parent commits below the head are searched for an acknowledgement.
    public static let acknowledgementSearchDepth = 50

    let repository: any GitRepository
    let branch: String
    let logger: Logger

    /// A guard for `branch` of `repository`'s clone.
    public init(repository: any GitRepository, branch: String, logger: Logger) {
        self.repository = repository
        self.branch = branch
        self.logger = logger
    }

    /// The local reference holding the last head seen.
    public var reference: String { "refs/iter8/seen/\(branch)" }

    /// Accepts `head` when it descends from the last head seen (or an acknowledgement covers it), and
    /// remembers it; the first head ever seen is accepted.
    ///
    /// - Throws: ``BranchRewritten`` when the branch was rewritten and no acknowledgement names the rewrite;
    ///   a ``GitError`` when the clone cannot be read.
    public func check(_ head: GitOID) async throws {
        guard let seen = try await repository.resolveReference(reference) else {
            try await repository.updateReference(reference, to: head, expected: nil)
            return
        }
        guard seen != head else { return }
        if try await repository.isAncestor(seen, of: head) {
            try await repository.updateReference(reference, to: head, expected: seen)
            return
        }
        if let acknowledgement = try await acknowledgement(of: seen, below: head) {
            logger.warning(
                "the rewrite of the watched branch was acknowledged; resuming",
                metadata: [
                    "branch": "\(branch)", "previousHead": "\(seen.hex)", "head": "\(head.hex)",
                    "acknowledgedBy": "\(acknowledgement.hex)",
                ])
            try await repository.updateReference(reference, to: head, expected: seen)
            return
        }
        let rewritten = BranchRewritten(branch: branch, lastSeen: seen, head: head)
        logger.error(
            "\(rewritten)", metadata: ["branch": "\(branch)", "previousHead": "\(seen.hex)", "head": "\(head.hex)"])
        throw rewritten
    }

    /// The commit on `head`'s first-parent history whose trailer acknowledges the rewrite from `old`.
    func acknowledgement(of old: GitOID, below head: GitOID) async throws -> GitOID? {
        let commits = try await repository.log(from: head, limit: Self.acknowledgementSearchDepth)
        for (index, commit) in commits.enumerated() {
            for range in Self.acknowledgedRanges(in: commit.message) {
                guard Self.names(range.old, old) else { continue }
                guard let new = range.new else { return commit.id }
                // `<new>` must be in the acknowledged history: the acknowledging commit or one below it.
                if commits[index...].contains(where: { Self.names(new, $0.id) }) { return commit.id }
            }
        }
        return nil
    }

    /// Every `Iter8-Acknowledge-Rewrite: <old>[..<new>]` line of a commit message.
    static func acknowledgedRanges(in message: String) -> [(old: String, new: String?)] {
        message.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == trailer.lowercased() else {
                return nil
            }
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            let ids = value.components(separatedBy: "..")
            guard (1...2).contains(ids.count) else { return nil }
            return (ids[0], ids.count == 2 ? ids[1] : nil)
        }
    }

    /// True when `text` is `oid` or an abbreviation of at least 7 hex digits of it.
    static func names(_ text: String, _ oid: GitOID) -> Bool {
        let text = text.lowercased()
        return text.count >= 7 && text.allSatisfy(\.isHexDigit) && oid.hex.hasPrefix(text)
    }
}

extension Reconciler {
    /// The guard of the watched branch (its memory is a reference in the clone).
    var historyGuard: BranchHistoryGuard {
        BranchHistoryGuard(repository: repository, branch: configuration.branch, logger: logger)
    }
}

/// The watched branch was rewritten: its head does not descend from the last head seen.
public struct BranchRewritten: Error, Sendable, Hashable, CustomStringConvertible {
    /// The branch.
    public var branch: String
    /// The last head seen, which the new history does not contain.
    public var lastSeen: GitOID
    /// The new head.
    public var head: GitOID

    /// Describes a rewrite of `branch` from `lastSeen` to `head`.
    public init(branch: String, lastSeen: GitOID, head: GitOID) {
        self.branch = branch
        self.lastSeen = lastSeen
        self.head = head
    }

    /// What happened, what iter8 does about it, and how to acknowledge it.
    public var description: String {
        "the watched branch '\(branch)' was rewritten: its head \(head.hex) does not descend from \(lastSeen.hex), "
            + "the last head iter8 saw; iter8 takes no action (no Kubernetes write, no commit, no push) until an "
            + "operator acknowledges it with a commit on the branch whose message has the trailer "
            + "'\(BranchHistoryGuard.trailer): \(lastSeen.short)..\(head.short)'"
    }
}
