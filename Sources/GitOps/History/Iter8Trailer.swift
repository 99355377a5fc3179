/// The trailer keys iter8 writes into its commit messages.
public enum Iter8Trailer {
    /// `namespace/name` of an experiment the commit is about; repeated once per experiment.
    public static let experiment = "Iter8-Experiment"
    /// The experiment's phase after the commit.
    public static let phase = "Iter8-Phase"
    /// Iterations completed when the commit was made.
    public static let iteration = "Iter8-Iteration"
    /// The commit of the spec the service acted on.
    public static let specCommit = "Iter8-Spec-Commit"
    /// The winning version, once declared.
    public static let winner = "Iter8-Winner"
    /// What the commit does: an ``Iter8Action`` raw value.
    public static let action = "Iter8-Action"
    /// What the evidence said, on the commit that records an experiment's end: a ``FinishPlan/Verdict`` raw value
    /// (`pass`, `fail`, `inconclusive`, `none`).
    public static let verdict = "Iter8-Verdict"
}

/// What an iter8 commit does (the `Iter8-Action` trailer).
public enum Iter8Action: String, Codable, Hashable, Sendable, CaseIterable {
    /// Records progress in status and report files only.
    case status
    /// Changes traffic weights mid-experiment.
    case weights
    /// Gives all traffic to the winner.
    case promotion
    /// Sends traffic back to the baseline.
    case rollback
    /// Ends the experiment keeping the last applied split.
    case keepLast = "keep-last"
    /// Ends the experiment with a human's split.
    case split
    /// Ends the experiment because its spec was deleted or changed underneath it.
    case abort
    /// A human reverted an iter8 promotion (`git revert`); never written by the service, only read.
    case reverted

    /// True for the actions that record an experiment's end (and carry `Iter8-Verdict`).
    public var endsExperiment: Bool {
        switch self {
        case .promotion, .rollback, .keepLast, .split, .abort: true
        case .status, .weights, .reverted: false
        }
    }
}
