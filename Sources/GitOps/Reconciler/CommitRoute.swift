import Experiments
import Foundation
import Git

/// Which branch a pass's commits go to, and what they are built on: the one place that decides it.
///
/// - ``watched``: the default. Every commit — an end's manifest rewrite, a `git` mode split, the status commit —
///   is chained on the watched branch's head and pushed there.
/// - ``statusBranch(name:head:seed:)``: `--status-branch`. The watched branch is only read; the status commit
///   (status, report and chart files, the outbox) goes on the status branch, a branch of its own holding only those
///   files in the same layout. No manifest is committed: ends that change one go by pull request
///   (``ReconcilerConfiguration/validateStatusBranch()``, ``ExperimentRunner/refusedByStatusBranch(_:)``).
enum CommitRoute: Sendable, Equatable {
    /// Everything on the watched branch.
    case watched
    /// Statuses on the branch `name`, on `head`; nil: the branch does not exist yet, and this pass's status commit
    /// creates it as a root commit holding `seed` (the service's files of the watched branch) under its own changes.
    case statusBranch(name: String, head: GitOID?, seed: [FileChange])

    /// Whether the pass may commit manifest edits (ends, `git` mode splits).
    var commitsManifests: Bool { self == .watched }

    /// The branch pushed to.
    func branch(_ configuration: ReconcilerConfiguration) -> String {
        if case .statusBranch(let name, _, _) = self { return name }
        return configuration.branch
    }

    /// The commit the status commit goes on: `watchedTip` (the watched head with this pass's ends) by default, the
    /// status branch's head otherwise (nil while it does not exist).
    func statusParent(watchedTip: GitOID) -> GitOID? {
        if case .statusBranch(_, let head, _) = self { return head }
        return watchedTip
    }
}

extension Reconciler {
    /// The status branch's head, asked from the remote each poll and fetched when it moved; checked by the same
    /// history guard and signature gate as the watched branch (the service's own commits there must verify when
    /// verification is on). Nil while the branch does not exist.
    func pollStatusBranch(_ name: String) async throws -> GitOID? {
        let remote: GitOID
        do {
            remote = try await repository.remoteHead(branch: name)
        } catch let error as GitError where error.code == .notFound {
            return nil
        }
        if remote != statusHead {
            statusHead = try await repository.fetch(branch: name)
        }
        let head = statusHead ?? remote
        try await BranchHistoryGuard(repository: repository, branch: name, logger: logger).check(head)
        if let verifier = configuration.commitVerifier {
            try await BranchSignatureGate(repository: repository, branch: name, verifier: verifier, logger: logger).check(head)
        }
        return head
    }

    /// Where this pass reads status files from: the status branch's head, or — while it does not exist, or without
    /// one — the watched head itself (nil).
    var statusSource: GitOID? {
        configuration.statusBranch == nil ? nil : statusHead
    }

    /// The snapshot at `head`, its statuses from ``statusSource``.
    func loadSnapshot(at head: GitOID) async throws -> RepositorySnapshot {
        try await loader.load(at: head, statusesAt: statusSource)
    }

    /// The route of this pass's commits (the watched head is `head`).
    func commitRoute(at head: GitOID) async throws -> CommitRoute {
        guard let name = configuration.statusBranch else { return .watched }
        if let statusHead { return .statusBranch(name: name, head: statusHead, seed: []) }
        return .statusBranch(name: name, head: nil, seed: try await statusSeed(at: head))
    }

    /// The service's files at the watched `head` — every status file with its report and chart — for the first
    /// commit of the status branch, so that experiments resume from what the watched branch recorded before.
    func statusSeed(at head: GitOID) async throws -> [FileChange] {
        let snapshot = try await loader.load(at: head)
        let statuses = Set(snapshot.statuses.values.map(\.path)).union(snapshot.unreadableStatuses.keys)
        var seed: [FileChange] = []
        for path in statuses.sorted() {
            guard let files = StatusLayout.files(statusPath: path) else { continue }
            for file in [files.status, files.report, files.chart] {
                guard RepositoryPath.isSafe(file), let data = try await repository.readFile(path: file, at: head) else { continue }
                seed.append(.write(file, data))
            }
        }
        return seed
    }

    /// Records a head of the status branch fetched or pushed (the guard remembers it).
    func setStatusFetched(_ oid: GitOID, branch: String) async throws {
        statusHead = oid
        try await BranchHistoryGuard(repository: repository, branch: branch, logger: logger).check(oid)
    }
}

extension Reconciler {
    /// The status commit of a pass: on the watched branch's tip, on the status branch's head, or — creating the
    /// status branch — a root commit holding the seed under the pass's own changes.
    func commitStatus(
        _ changes: [FileChange], route: CommitRoute, watchedTip: GitOID, signature: GitSignature, message: String
    ) async throws -> GitOID? {
        switch route {
        case .watched:
            return try await repository.commit(changes: changes, on: watchedTip, author: signature, committer: signature, message: message)
        case .statusBranch(_, let head?, _):
            return try await repository.commit(changes: changes, on: head, author: signature, committer: signature, message: message)
        case .statusBranch(_, nil, let seed):
            let written = Set(changes.map(\.path))
            return try await repository.commitRoot(
                changes: seed.filter { !written.contains($0.path) } + changes, author: signature, committer: signature,
                message: message)
        }
    }

    /// With a status branch, no `git` mode split is committed to a manifest (the experiment is refused before it
    /// gets here, ``ExperimentRunner/refusedByStatusBranch(_:)``; this keeps it so whatever path led here).
    func splitsRefused(_ steps: inout [ExperimentStep], _ route: CommitRoute) async -> [Int: String] {
        for index in steps.indices {
            guard let split = steps[index].manifestSplit else { continue }
            await weightsNotCommitted(split, WatchedBranchReadOnly(watched: configuration.branch, status: route.branch(configuration)), in: &steps[index])
        }
        return [:]
    }

    /// An end whose manifest is not rewritten because the watched branch takes no commits from the service: the
    /// merged request changed it already (or, for an end that needed no request, it stays as people left it).
    func manifestKept(_ path: String, _ route: CommitRoute) -> String {
        "\(path) is left as the watched branch '\(configuration.branch)' has it: the service commits only to the status "
            + "branch '\(route.branch(configuration))' (a merged request carried the change)"
    }
}

/// With a status branch, the service commits nothing to the watched branch.
struct WatchedBranchReadOnly: Error, CustomStringConvertible {
    var watched: String
    var status: String

    var description: String {
        "the watched branch '\(watched)' takes no commits from the service, which commits only to the status branch '\(status)' "
            + "(--status-branch): use apply mode cluster"
    }
}
