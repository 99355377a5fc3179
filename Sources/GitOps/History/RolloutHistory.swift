import Foundation
import Git

/// The rollout history of a repository: the iter8 commits of a first-parent log, read from their trailers.
///
/// A commit counts when it has an `Iter8-Experiment` trailer, or when it reverts an iter8 commit
/// (`Revert "iter8: …"` with `This reverts commit <id>.`); the revert becomes a `reverted` entry that names
/// the original, and the original's entry names the revert.
public enum RolloutHistory {
    /// The entries of `commits` (newest first, as ``GitRepository/log(from:limit:)`` returns them), in the
    /// same order. With `experiment` (`namespace/name`, or a bare `name` matching any namespace), only the
    /// commits about that experiment.
    public static func entries(from commits: [GitCommit], experiment: String? = nil) -> [HistoryEntry] {
        let messages = commits.map { CommitMessage.parse($0.message) }
        var entries: [HistoryEntry?] = zip(commits, messages).map { commit, message in
            entry(commit, message, experiment: experiment)
        }
        for index in entries.indices {
            guard entries[index] == nil, let reverted = RevertReference(commits[index].message) else { continue }
            let original = commits.indices.first { commits[$0].id.hex.hasPrefix(reverted.id) }
            let originalEntry = original.flatMap { entries[$0] }
            let revertCommit = shortID(commits[index].id)
            entries[index] = HistoryEntry(
                commit: revertCommit, time: ReportFormat.time(commits[index].time),
                experiments: originalEntry?.experiments ?? reverted.experiments, action: Iter8Action.reverted.rawValue,
                phase: nil, iteration: nil, winner: originalEntry?.winner, subject: messages[index].subject,
                reverts: String(reverted.id.prefix(12)))
            if let original, entries[original] != nil { entries[original]?.revertedBy = revertCommit }
        }
        return entries.compactMap { $0 }.filter { entry in
            guard let experiment else { return true }
            return entry.experiments.contains { matches($0, experiment) }
        }
    }

    /// Aligned columns, newest first, one commit per line: `COMMIT TIME ACTION EXPERIMENT PHASE ITER WINNER
    /// SUBJECT`; `-` marks a missing value. Ends with a newline.
    public static func text(_ entries: [HistoryEntry]) -> String {
        var table = TextTable(header: ["COMMIT", "TIME", "ACTION", "EXPERIMENT", "PHASE", "ITER", "WINNER", "SUBJECT"])
        for entry in entries {
            var action = entry.action ?? "-"
            if let reverts = entry.reverts { action += " " + reverts }
            if entry.revertedBy != nil { action += " (reverted)" }
            table.add([
                entry.commit, entry.time, action, entry.experiments.isEmpty ? "-" : entry.experiments.joined(separator: ","),
                entry.phase ?? "-", entry.iteration.map(String.init) ?? "-", entry.winner ?? "-", entry.subject,
            ])
        }
        return table.text
    }

    /// The entries as a pretty-printed JSON array with sorted keys, ending with a newline.
    public static func json(_ entries: [HistoryEntry]) throws -> String {
        try ReportFormat.json(entries)
    }

    // MARK: - Reading one commit

    /// The entry of an iter8 commit. A commit about several experiments holds one trailer group per
    /// experiment (each starts at its `Iter8-Experiment`): with a filter the matching group's values count;
    /// without one, the distinct values of every group, comma-separated (the iteration only when all agree).
    private static func entry(_ commit: GitCommit, _ message: CommitMessage, experiment filter: String?) -> HistoryEntry? {
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
        guard !groups.isEmpty else { return nil }
        let chosen = filter.map { wanted in groups.filter { matches($0.experiment, wanted) } } ?? groups
        func values(_ key: String) -> [String] {
            var seen: [String] = []
            for group in chosen {
                for value in CommitMessage(subject: "", trailers: group.trailers).values(for: key) where !seen.contains(value) {
                    seen.append(value)
                }
            }
            return seen
        }
        func joined(_ key: String) -> String? { values(key).isEmpty ? nil : values(key).joined(separator: ",") }
        let iterations = values(Iter8Trailer.iteration)
        return HistoryEntry(
            commit: shortID(commit.id), time: ReportFormat.time(commit.time), experiments: groups.map(\.experiment),
            action: joined(Iter8Trailer.action), phase: joined(Iter8Trailer.phase),
            iteration: iterations.count == 1 ? Int(iterations[0]) : nil, winner: joined(Iter8Trailer.winner),
            subject: message.subject)
    }

    private static func shortID(_ id: GitOID) -> String { String(id.hex.prefix(12)) }

    /// `namespace/name` matches itself, and a bare `name` matches it in any namespace.
    static func matches(_ qualified: String, _ wanted: String) -> Bool {
        if qualified == wanted { return true }
        guard !wanted.contains("/"), let slash = qualified.lastIndex(of: "/") else { return false }
        return qualified[qualified.index(after: slash)...] == wanted
    }
}
