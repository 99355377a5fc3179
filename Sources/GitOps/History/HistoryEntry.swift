/// One experiment's part of an iter8 commit in a rollout history, as `iter8 history` lists it (a commit about
/// several experiments gives one entry each, with the same commit id).
///
/// Encoded with sorted keys by ``RolloutHistory/json(_:)``; absent values are omitted.
public struct HistoryEntry: Codable, Hashable, Sendable {
    /// The commit id's first 12 hex digits.
    public var commit: String
    /// The commit time, ISO 8601 in UTC (`2027-01-15T08:00:00Z`).
    public var time: String
    /// The `namespace/name` the entry is about (empty only for a revert whose original names none).
    public var experiments: [String]
    /// The experiment's `Iter8-Action` value (an ``Iter8Action`` raw value, or whatever the commit says),
    /// `reverted` for a revert of an iter8 commit, or nil when there is no action trailer.
    public var action: String?
    /// The experiment's `Iter8-Phase` value.
    public var phase: String?
    /// The experiment's `Iter8-Iteration` value.
    public var iteration: Int?
    /// The experiment's `Iter8-Winner` value.
    public var winner: String?
    /// The experiment's `Iter8-Verdict` value on the commit that records its end (`pass`, `fail`, `inconclusive`,
    /// `none`, or whatever the commit says); nil on other commits and on ends recorded before verdicts were.
    public var verdict: String?
    /// The first line of the message.
    public var subject: String
    /// For a revert: the short id of the commit it reverts.
    public var reverts: String?
    /// For a reverted commit: the short id of the commit that reverts it, when it is in the same history.
    public var revertedBy: String?

    /// Creates an entry.
    public init(
        commit: String, time: String, experiments: [String], action: String?, phase: String?, iteration: Int?,
        winner: String?, subject: String, reverts: String? = nil, revertedBy: String? = nil, verdict: String? = nil
    ) {
        self.commit = commit
        self.time = time
        self.experiments = experiments
        self.action = action
        self.phase = phase
        self.iteration = iteration
        self.winner = winner
        self.verdict = verdict
        self.subject = subject
        self.reverts = reverts
        self.revertedBy = revertedBy
    }
}
