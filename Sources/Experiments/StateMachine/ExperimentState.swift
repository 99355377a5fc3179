import Foundation

/// Where an experiment is in its life.
public enum ExperimentPhase: String, Codable, Hashable, Sendable, CaseIterable {
    /// Queued behind another experiment on the same target.
    case waiting = "Waiting"
    /// Owns its target; waiting for every version to be deployed and ready.
    case initializing = "Initializing"
    /// Iterating: measuring, assessing and moving traffic.
    case running = "Running"
    /// Stopped by a human (manualOverride pause) or an invalid spec; traffic held.
    case paused = "Paused"
    /// The final split is decided; waiting until it is applied and committed.
    case finishing = "Finishing"
    /// The end is decided and waits in a pull/merge request for review (``ExperimentState/review``); merged, it is
    /// carried out; closed unmerged, the experiment ends without it.
    case awaitingMerge = "AwaitingMerge"
    /// Done; the outcome says how it ended.
    case completed = "Completed"

    /// True for the phases in which the experiment owns its target.
    public var ownsTarget: Bool { self != .waiting && self != .completed }
}

/// How an experiment ends: the final split and why.
public struct FinishPlan: Codable, Hashable, Sendable {
    /// What kind of end this is; decides the commit's wording and trailers.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// A candidate won and gets all traffic.
        case promotion
        /// Traffic goes back to the baseline (a failure, no winner, a deadline, or an abort).
        case rollback
        /// The last applied split stays (`keep_last`).
        case keepLast
        /// A human's `trafficSplit` from a manual terminate.
        case userSplit
    }

    /// What ended the experiment.
    public enum Trigger: String, Codable, Hashable, Sendable {
        /// All iterations completed.
        case completed
        /// A version failed an objective that rolls back on failure.
        case objectiveFailed
        /// No evidence for longer than the deadline: no data, versions not ready, metrics unreachable, or no
        /// iteration recorded at all (Git or the service unreachable).
        case noDataDeadline
        /// A human committed `manualOverride: {action: terminate}`.
        case manualTerminate
        /// The spec file was deleted.
        case specDeleted
        /// The spec's versions changed while the experiment ran.
        case specChanged
        /// The evidence did not allow a decision in the iterations allowed (the planned ones of a fixed experiment;
        /// `maxIterations` of an adaptive one, or fewer when its traffic could not reach a decision in time): the
        /// candidate is neither shown to meet its objectives nor shown to fail them. Traffic returns to the
        /// baseline (with `to_winner`); the reason names the sample size that would have been needed.
        case inconclusive
        /// The pull/merge request carrying the decided end was closed unmerged: the end people refused is not
        /// carried out (see ``ExperimentStateMachine``'s `reviewObserved`).
        case requestClosed
    }

    /// What the evidence said about the experiment, independent of where the traffic goes.
    public enum Verdict: String, Codable, Hashable, Sendable, CaseIterable {
        /// The winner was established: a candidate (promoted, unless `onTermination` says otherwise), or for
        /// Conformance the baseline meeting every objective.
        case pass
        /// No candidate can win: one failed an objective (or the baseline was shown best).
        case fail
        /// The evidence allowed neither within the iterations allowed.
        case inconclusive
        /// No verdict: ended by a human, a spec change or deletion, or by going without data past the deadline.
        case none
    }

    /// The kind of end.
    public var kind: Kind
    /// The evidence's verdict (absent in status files written before verdicts were recorded).
    public var verdict: Verdict?
    /// What ended it.
    public var trigger: Trigger
    /// The version that gets all traffic (promotion) or the baseline (rollback); nil for a split.
    public var version: String?
    /// The final weights by version name.
    public var split: [String: Int]
    /// Why, in one sentence, for the status file and the commit message.
    public var reason: String

    /// Creates a plan.
    public init(kind: Kind, trigger: Trigger, version: String?, split: [String: Int], reason: String, verdict: Verdict? = nil) {
        self.verdict = verdict
        self.kind = kind
        self.trigger = trigger
        self.version = version
        self.split = split
        self.reason = reason
    }
}

/// A Kubernetes-style condition: a named fact, its truth, why, and since when.
public struct Condition: Codable, Hashable, Sendable {
    /// The fact, e.g. `TargetAcquired`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String
    /// A CamelCase reason code.
    public var reason: String
    /// A sentence for people.
    public var message: String
    /// When `status` last changed.
    public var lastTransitionTime: Date

    /// Creates a condition.
    public init(type: String, status: String, reason: String, message: String, lastTransitionTime: Date) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
        self.lastTransitionTime = lastTransitionTime
    }
}

/// The condition types the state machine maintains.
public enum ConditionType {
    /// The experiment owns its target (no earlier experiment on it is unfinished).
    public static let targetAcquired = "TargetAcquired"
    /// Every version is deployed and ready.
    public static let versionsReady = "VersionsReady"
    /// The last iteration had data for every version.
    public static let metricsAvailable = "MetricsAvailable"
    /// The last requested split is applied.
    public static let weightsApplied = "WeightsApplied"
    /// The experiment is finished.
    public static let completed = "Completed"
    /// The experiment ended by rolling back.
    public static let rolledBack = "RolledBack"
    /// Once finished: True when the evidence decided (reason `Pass` or `Fail`), False when it did not (reason
    /// `Inconclusive`, with the sample size a decision would have needed, or `NoVerdict` for an abort).
    public static let concluded = "Concluded"
    /// False while the service cannot reconcile this experiment (a step that overran its deadline, a file it
    /// cannot write); the other experiments carry on. Set back to True by the next step that completes.
    public static let reconciled = "Reconciled"
    /// While an end waits in a pull/merge request: False (reason `Open`) until it is merged (True, `Merged`) or
    /// closed unmerged (False, `Closed`).
    public static let requestMerged = "RequestMerged"
}

/// An experiment's progress: everything the state machine needs to continue after a restart. Committed to
/// Git in the status file, so nothing is kept only in memory.
public struct ExperimentState: Codable, Hashable, Sendable {
    /// The phase.
    public var phase: ExperimentPhase
    /// Why the experiment is in this phase (the last transition's reason).
    public var reason: String
    /// Iterations assessed so far.
    public var completedIterations: Int
    /// When the first iteration's window started (metric queries are cumulative from here).
    public var startedAt: Date?
    /// When the last iteration was assessed.
    public var lastIterationAt: Date?
    /// Since when there has been no data (or no ready versions) while running; nil when data flows.
    public var noDataSince: Date?
    /// The split last confirmed applied, by version name.
    public var weights: [String: Int]?
    /// A split requested but not yet confirmed applied.
    public var pendingWeights: [String: Int]?
    /// The winner of the last assessment, if one was declared.
    public var winner: String?
    /// The version recommended for promotion by the last assessment (the baseline until a winner exists).
    public var recommendedVersion: String?
    /// How the experiment ends, once decided.
    public var finish: FinishPlan?
    /// The commit that recorded the end, once pushed.
    public var finishCommit: String?
    /// Conditions, in a fixed order of first appearance.
    public var conditions: [Condition]
    /// The pull/merge request carrying the end for review, once opened (nil: none was needed).
    public var review: ReviewRequest?

    /// The state of an experiment that has just been seen.
    public static func new(at now: Date) -> ExperimentState {
        ExperimentState(
            phase: .waiting, reason: "ExperimentCreated", completedIterations: 0, startedAt: nil, lastIterationAt: nil,
            noDataSince: nil, weights: nil, pendingWeights: nil, winner: nil, recommendedVersion: nil, finish: nil,
            finishCommit: nil, conditions: [])
    }

    /// Sets a condition; `lastTransitionTime` moves only when `status` changes.
    public mutating func setCondition(_ type: String, _ status: Bool, reason: String, message: String, at now: Date) {
        let value = status ? "True" : "False"
        if let index = conditions.firstIndex(where: { $0.type == type }) {
            let changed = conditions[index].status != value
            conditions[index].status = value
            conditions[index].reason = reason
            conditions[index].message = message
            if changed { conditions[index].lastTransitionTime = now }
        } else {
            conditions.append(Condition(type: type, status: value, reason: reason, message: message, lastTransitionTime: now))
        }
    }

    /// The condition of a type, if set.
    public func condition(_ type: String) -> Condition? { conditions.first { $0.type == type } }
}
