/// What the state machine asks the executor to do. Actions are data; the machine does no I/O.
///
/// There is no action to write the status: the status document is derived from the machine's state where the pass
/// publishes it, and written whenever it differs from the recorded one.
public enum ExperimentAction: Hashable, Sendable {
    /// Measure every version and assess iteration `number` (1-based); answer with `iterationAssessed`.
    case runIteration(number: Int)
    /// Move traffic to this split (by version name); answer with `weightsApplied` or `weightsFailed`.
    case setWeights([String: Int])
    /// End with a promotion (a winner, a kept or user-given split): apply the split, rewrite the manifest,
    /// record it in a commit of its own; answer with `pushSucceeded` or `pushRejected` once pushed (or not).
    case promote(FinishPlan)
    /// End by going back to the baseline, with the evidence; answered like `promote`.
    case rollBack(FinishPlan)
    /// Put this split, already recorded, back on the live route at once (`cluster` apply mode, where the recorded
    /// split is the truth). No answer: a failure is logged, and the next `liveSplitRead` asks again.
    case restoreWeights([String: Int])
    /// Put the end on a branch of its own (the manifest rewrite, with the trailers) and open a pull/merge request
    /// for it, its body the report; answer with `reviewOpened` (also when one is open already) or `reviewFailed`.
    case openReview(FinishPlan)
    /// Read the state of the request; answer with `reviewObserved` or `reviewFailed`.
    case checkReview(ReviewRequest)
    /// Call `timePassed` again after this many seconds (0: in the next pass).
    case requeue(afterSeconds: Double)
}

/// A phase change and its reason, reported with the actions of the event that caused it.
public struct Transition: Hashable, Sendable, CustomStringConvertible {
    /// Phase before the event.
    public var from: ExperimentPhase
    /// Phase after it.
    public var to: ExperimentPhase
    /// Why.
    public var reason: String

    public var description: String { "\(from.rawValue) → \(to.rawValue): \(reason)" }
}
