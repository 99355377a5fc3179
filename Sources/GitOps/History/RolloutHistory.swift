import Foundation
import Git

/// The rollout history of a repository: the iter8 commits of a first-parent log, read from their trailers.
///
/// A commit counts when it has an `Iter8-Experiment` trailer, or when it reverts an iter8 commit
/// (`Revert "iter8: …"` with `This reverts commit <id>.`); the revert becomes a `reverted` entry that names
/// the original, and the original's entries name the revert. A commit about several experiments (one status
/// commit per pass) gives one entry per experiment, in trailer order, each with that experiment's values.
public enum RolloutHistory {
    /// The entries of `commits` (newest first, as ``GitRepository/log(from:limit:)`` returns them), in the
    /// same order. With `experiment` (`namespace/name`, or a bare `name` matching any namespace), only the
    /// entries about that experiment.
    public static func entries(from commits: [GitCommit], experiment: String? = nil) -> [HistoryEntry] {
        let messages = commits.map { CommitMessage.parse($0.message) }
        var entries: [[HistoryEntry]] = zip(commits, messages).map { commit, message in Self.entries(commit, message) }
        for index in entries.indices {
            guard entries[index].isEmpty, let reverted = RevertReference(commits[index].message) else { continue }
            let original = commits.indices.first { commits[$0].id.hex.hasPrefix(reverted.id) }
            let originals = original.map { entries[$0] } ?? []
            let revertCommit = shortID(commits[index].id)
            let parts: [(experiment: String?, winner: String?)] = originals.isEmpty
                ? (reverted.experiments.isEmpty ? [(nil, nil)] : reverted.experiments.map { ($0, nil) })
                : originals.map { ($0.experiments.first, $0.winner) }
            entries[index] = parts.map { part in
                HistoryEntry(
                    commit: revertCommit, time: ReportFormat.time(commits[index].time),
                    experiments: part.experiment.map { [$0] } ?? [], action: Iter8Action.reverted.rawValue,
                    phase: nil, iteration: nil, winner: part.winner, subject: messages[index].subject,
                    reverts: String(reverted.id.prefix(12)))
            }
            if let original {
                for entry in entries[original].indices { entries[original][entry].revertedBy = revertCommit }
            }
        }
        return entries.flatMap { $0 }.filter { entry in
            guard let experiment else { return true }
            return entry.experiments.contains { matches($0, experiment) }
        }
    }

    /// Aligned columns, newest first, one line per entry: `COMMIT TIME ACTION EXPERIMENT PHASE ITER WINNER
    /// VERDICT SUBJECT`; `-` marks a missing value. A commit's further entries leave its subject out. Ends with a
    /// newline.
    public static func text(_ entries: [HistoryEntry]) -> String {
        var table = TextTable(header: ["COMMIT", "TIME", "ACTION", "EXPERIMENT", "PHASE", "ITER", "WINNER", "VERDICT", "SUBJECT"])
        var previous: String?
        for entry in entries {
            var action = entry.action ?? "-"
            if let reverts = entry.reverts { action += " " + reverts }
            if entry.revertedBy != nil { action += " (reverted)" }
            table.add([
                entry.commit, entry.time, action, entry.experiments.isEmpty ? "-" : entry.experiments.joined(separator: ","),
                entry.phase ?? "-", entry.iteration.map(String.init) ?? "-", entry.winner ?? "-", entry.verdict ?? "-",
                entry.commit == previous ? "" : entry.subject,
            ])
            previous = entry.commit
        }
        return table.text
    }

    /// The entries as a pretty-printed JSON array with sorted keys, ending with a newline.
    public static func json(_ entries: [HistoryEntry]) throws -> String {
        try ReportFormat.json(entries)
    }

    // MARK: - Reading one commit

    /// The entries of an iter8 commit: one per trailer group (each starts at its `Iter8-Experiment`; trailers
    /// before the first belong to every group).
    private static func entries(_ commit: GitCommit, _ message: CommitMessage) -> [HistoryEntry] {
        var groups: [(experiment: String, trailers: [(key: String, value: String)])] = []
        var shared: [(key: String, value: String)] = []
        for trailer in message.trailers {
            if trailer.key.lowercased() == Iter8Trailer.experiment.lowercased() {
                groups.append((trailer.value, shared))
            } else if groups.isEmpty {
                shared.append(trailer)
            } else {
                groups[groups.count - 1].trailers.append(trailer)
            }
        }
        return groups.map { group in
            let trailers = CommitMessage(subject: "", trailers: group.trailers)
            func value(_ key: String) -> String? { trailers.values(for: key).first }
            return HistoryEntry(
                commit: shortID(commit.id), time: ReportFormat.time(commit.time), experiments: [group.experiment],
                action: value(Iter8Trailer.action), phase: value(Iter8Trailer.phase),
                iteration: value(Iter8Trailer.iteration).flatMap { Int($0) }, winner: value(Iter8Trailer.winner),
                subject: message.subject, verdict: value(Iter8Trailer.verdict))
        }
    }

    private static func shortID(_ id: GitOID) -> String { String(id.hex.prefix(12)) }

    /// `namespace/name` matches itself, and a bare `name` matches it in any namespace.
    static func matches(_ qualified: String, _ wanted: String) -> Bool {
        if qualified == wanted { return true }
        guard !wanted.contains("/"), let slash = qualified.lastIndex(of: "/") else { return false }
        return qualified[qualified.index(after: slash)...] == wanted
    }
}
