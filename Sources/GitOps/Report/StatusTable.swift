import Experiments
import Foundation

/// The experiments of a repository at a glance, as `iter8 status` prints them: an aligned plain-text table
/// or JSON.
public struct StatusTable: Sendable {
    /// One row per status file, in the given order.
    public var rows: [StatusRow]

    /// Rows for `statuses`; `totalIterations` gives the planned iteration count by `namespace/name`, when
    /// known (the status file does not record it).
    public init(_ statuses: [(path: String, status: ExperimentStatus)], totalIterations: [String: Int] = [:]) {
        rows = statuses.map { StatusRow(path: $0.path, status: $0.status, totalIterations: totalIterations[$0.status.qualifiedName]) }
    }

    /// `NAMESPACE/NAME TARGET PHASE ITERATION WEIGHTS WINNER VERDICT LAST CHANGE REASON`, aligned, ending with a
    /// newline; `-` marks a missing value (the verdict is there once an experiment has ended).
    public var text: String {
        var table = TextTable(header: [
            "NAMESPACE/NAME", "TARGET", "PHASE", "ITERATION", "WEIGHTS", "WINNER", "VERDICT", "LAST CHANGE", "REASON",
        ])
        for row in rows {
            var weights = ReportFormat.weights(row.weights, order: row.versions)
            if let pending = row.pendingWeights { weights += " (pending " + ReportFormat.weights(pending, order: row.versions) + ")" }
            table.add([
                "\(row.namespace)/\(row.name)", row.target, row.phase,
                row.totalIterations.map { "\(row.completedIterations)/\($0)" } ?? "\(row.completedIterations)",
                weights, row.winner ?? "-", row.verdict ?? "-", row.lastChange ?? "-", row.reason,
            ])
        }
        return table.text
    }

    /// The rows as a pretty-printed JSON array with sorted keys, ending with a newline (`--output json`).
    public func json() throws -> String { try ReportFormat.json(rows) }
}

/// One experiment in a ``StatusTable``.
public struct StatusRow: Codable, Hashable, Sendable {
    /// The status file's path.
    public var path: String
    /// Namespace.
    public var namespace: String
    /// Name.
    public var name: String
    /// Target.
    public var target: String
    /// The phase's raw value (`Running`).
    public var phase: String
    /// Iterations completed.
    public var completedIterations: Int
    /// Iterations planned, when known.
    public var totalIterations: Int?
    /// The versions, baseline first.
    public var versions: [String]
    /// The split confirmed applied.
    public var weights: [String: Int]?
    /// A split requested but not yet confirmed.
    public var pendingWeights: [String: Int]?
    /// The declared winner.
    public var winner: String?
    /// How it ended (`promotion`, `rollback`, `keepLast`, `userSplit`), once decided.
    public var outcome: String?
    /// What the evidence said (`pass`, `fail`, `inconclusive`, `none`), once ended; nil for an end recorded
    /// before verdicts were.
    public var verdict: String?
    /// When anything last changed (ISO 8601, UTC).
    public var lastChange: String?
    /// Why the experiment is in its phase.
    public var reason: String
    /// Spec problems, when the spec is invalid.
    public var specErrors: [String]?

    /// The row of one status file.
    public init(path: String, status: ExperimentStatus, totalIterations: Int? = nil) {
        self.path = path
        namespace = status.experiment.namespace
        name = status.experiment.name
        target = status.experiment.target
        phase = status.state.phase.rawValue
        completedIterations = status.state.completedIterations
        self.totalIterations = totalIterations
        versions = status.versionOrder
        weights = status.state.weights
        pendingWeights = status.state.pendingWeights
        winner = status.state.winner
        outcome = status.state.finish?.kind.rawValue
        verdict = status.state.finish?.verdict?.rawValue
        lastChange = status.lastChange.map(ReportFormat.time)
        reason = status.state.reason
        specErrors = status.specErrors
    }
}
