import Experiments
import Git

/// Something that happened to an experiment and is now recorded on the branch: emitted by the executor after the
/// pass's push, once per pushed change, in the order it happened. The seam notifiers subscribe to (``OutcomeSink``).
public struct ExperimentOutcome: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// The versions were ready and the experiment took its target: iterations begin.
        case started
        /// Traffic moves to this split (recorded for the cluster, or committed for a GitOps tool to apply).
        case weightsChanged([String: Int])
        /// The traffic is held where it is (no data, versions not ready, metrics unreachable, a failed weight
        /// change); reported when holding begins.
        case held(reason: String)
        /// A candidate got all traffic.
        case promoted(FinishPlan)
        /// Traffic went back to the baseline without a failed or inconclusive verdict (a deadline, a human, a spec
        /// change, or a baseline that won).
        case rolledBack(FinishPlan)
        /// The evidence allowed no decision in the iterations allowed.
        case inconclusive(FinishPlan)
        /// A candidate failed an objective (the verdict `fail`).
        case failed(FinishPlan)
        /// Ended keeping the last split (`keep_last`) or with a human's split.
        case ended(FinishPlan)

        /// True for the outcomes of an end.
        public var isEnd: Bool {
            switch self {
            case .started, .weightsChanged, .held: false
            case .promoted, .rolledBack, .inconclusive, .failed, .ended: true
            }
        }

        /// The outcome of an end, by its verdict first (fail, inconclusive), then by where the traffic went.
        public static func end(_ plan: FinishPlan) -> Kind {
            switch (plan.verdict, plan.kind) {
            case (.fail?, _): .failed(plan)
            case (.inconclusive?, _): .inconclusive(plan)
            case (_, .promotion): .promoted(plan)
            case (_, .rollback): .rolledBack(plan)
            case (_, .keepLast), (_, .userSplit): .ended(plan)
            }
        }
    }

    /// `namespace/name`.
    public var experiment: String
    /// Iterations completed when it happened.
    public var iteration: Int
    /// The pushed commit that records it.
    public var commit: GitOID
    /// What happened.
    public var kind: Kind

    /// Creates an outcome.
    public init(experiment: String, iteration: Int, commit: GitOID, kind: Kind) {
        self.experiment = experiment
        self.iteration = iteration
        self.commit = commit
        self.kind = kind
    }
}
