import Experiments

/// An experiment's notification tasks, with what their `if` and their summary read at a transition.
public struct SpecTasks: Sendable {
    /// The tasks (``Experiments/Experiment/notificationTasks``).
    public var tasks: [NotificationTask]
    /// The candidates, in spec order (`CandidateWon()`).
    public var candidates: [String]
    /// The experiment at the transition.
    public var summary: NotificationSummary

    /// The tasks of `experiment` in `state`.
    public init(_ experiment: Experiment, state: ExperimentState) {
        tasks = experiment.notificationTasks
        candidates = experiment.candidates.map(\.name)
        summary = NotificationSummary(state, versions: experiment.versions.map(\.name))
    }
}
