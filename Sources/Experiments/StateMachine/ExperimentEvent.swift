import Foundation

/// What the executor tells the state machine: an observation (of the repository, the cluster, the metrics,
/// time) or the outcome of an action it carried out. Delivered through ``ExperimentStateMachine/handle(_:at:)``.
public enum ExperimentEvent: Hashable, Sendable {
    /// Whether this experiment owns its target (the earliest unfinished one on it does), else whom it queues behind.
    case targetChecked(ownsTarget: Bool, queuedBehind: String?)
    /// The versions' readiness and the split now live.
    case versionsChecked(VersionsCheck)
    /// Time has passed: run the next iteration when due, roll back past the deadline, retry a finish.
    case timePassed
    /// In `git` apply mode, with a split committed for a GitOps tool to apply: the split the cluster shows (nil when
    /// it could not be read), and how long the tool may take. The machine decides whether the split is applied,
    /// still awaited (no iteration meanwhile) or timed out (a failed weight change); then time has passed.
    case gitApplyObserved(live: [String: Int]?, timeoutSeconds: Double)
    /// In `cluster` apply mode (where the recorded split is the truth), the split read on the live route; when it
    /// differs from the recorded one (a restart, or someone changed the routed object), the machine restores it.
    case liveSplitRead([String: Int])
    /// A pass may have missed time (a start, Git unreachable): whether the experiment went unsupervised too long.
    case supervisionChecked
    /// Iteration `runIteration` asked for was measured and assessed.
    case iterationAssessed(AnalysisResult)
    /// The iteration could not be measured or assessed.
    case iterationFailed(ExternalFailure)
    /// A split asked for with `setWeights` is applied (recorded for the cluster, or shown by it in `git` mode).
    case weightsApplied([String: Int])
    /// A split (mid-experiment or final) could not be applied or committed.
    case weightsFailed(reason: String)
    /// The commit recording the end was pushed. `commit` is the end's own commit (the manifest rewrite); nil when
    /// the pass's status commit records the end (a file cannot name the commit that holds it).
    case pushSucceeded(commit: String?)
    /// The commit recording the end was not pushed (rejected, refused, or held back by the push breaker or the
    /// lease): the next pass decides again from the branch's new head.
    case pushRejected
    /// The spec file changed (a new commit).
    case specChanged(Experiment)
    /// The spec file was deleted.
    case specDeleted
    /// A human's pause, resume or terminate (also derived from ``specChanged(_:)``).
    case manualOverride(ManualOverride)
    /// The pull/merge request asked for with `openReview` is open (or was found open, merged or closed already).
    case reviewOpened(ReviewRequest)
    /// The request asked about with `checkReview` is in this state.
    case reviewObserved(ReviewRequest.State)
    /// A request could not be opened or read (the forge unreachable, rate-limited, refusing): try again later.
    case reviewFailed(reason: String)
    /// The executor completed this experiment's step (after one it had to abandon, `Reconciled` turns True again).
    case stepCompleted
}

/// Whether every version is deployed and ready, and the split now live: what ``ExperimentEvent/versionsChecked(_:)``
/// reports.
public struct VersionsCheck: Hashable, Sendable {
    /// Every version is ready (and the live split could be read).
    public var ready: Bool
    /// What is not ready, or that all are.
    public var message: String
    /// The split now live, when there is a route and it could be read.
    public var currentWeights: [String: Int]?
    /// The failed call, when the cluster could not be asked (the versions then read as not ready).
    public var failure: ExternalFailure?

    /// Creates a readiness result.
    public init(ready: Bool, message: String, currentWeights: [String: Int]? = nil, failure: ExternalFailure? = nil) {
        self.ready = ready
        self.message = message
        self.currentWeights = currentWeights
        self.failure = failure
    }
}
