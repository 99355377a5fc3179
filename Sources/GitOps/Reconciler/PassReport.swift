import Experiments
import Foundation
import Git

/// What one reconcile pass saw and did: for logs, the service's metrics and the demo's progress lines.
public struct PassReport: Sendable {
    /// The commit the pass read, if the remote answered.
    public var head: GitOID?
    /// One summary per experiment, in key order.
    public var experiments: [ExperimentSummary] = []
    /// Commits pushed by this pass, oldest first.
    public var pushedCommits: [PushedCommit] = []
    /// The verdicts of the experiments whose end this pass's push recorded, one per end (each end is committed
    /// once, so each is counted once).
    public var verdicts: [FinishPlan.Verdict] = []
    /// Rejected pushes this pass recovered from (or gave up on).
    public var pushRejections = 0
    /// Why the pass failed, if it did (nothing was changed in Git then).
    public var failure: PassFailure?
    /// Set when the watched branch was rewritten and the pass took no action (see ``BranchHistoryGuard``).
    public var branchRewrite: BranchRewritten?
    /// Set when a commit on the watched branch did not verify and the pass took no action (``BranchSignatureGate``).
    public var unverifiedCommit: UnverifiedCommit?
    /// What the pass did in the cluster while Git was unreachable — rollbacks of experiments past their
    /// deadline, committed once Git answers — one line each.
    public var outageActions: [String] = []
    /// Real seconds the pass took.
    public var durationSeconds: Double = 0
    /// Iterations assessed in this pass.
    public var iterations = 0
    /// Prometheus queries the iterations of this pass made (as their records list them).
    public var prometheusQueries = 0
    /// Failed calls to external systems in this pass, by system.
    public var apiFailures: [ExternalFailure.System: Int] = [:]
    /// Seconds of clock time until some experiment wants another pass; nil when none asked.
    public var requeueSeconds: Double?
    /// Experiments whose step was abandoned or could not be published this pass (the others carried on).
    public var stepFailures = 0
    /// Whether the push circuit breaker is open (too many pushes in the last minute: nothing was pushed).
    public var pushBreakerOpen = false
    /// How many times the push breaker has opened since the service started.
    public var pushBreakerTrips = 0

    /// A pushed commit and what it was.
    public struct PushedCommit: Sendable, Hashable {
        /// Its id.
        public var id: GitOID
        /// What it does: `status`, `weights`, `promotion`, `rollback`, `keepLast` or `split`.
        public var kind: Iter8Action
        /// Its subject line.
        public var subject: String
    }
}

/// Why a pass did not complete.
public struct PassFailure: Error, Sendable, CustomStringConvertible {
    /// Where it failed.
    public enum Stage: String, Sendable {
        /// Asking the remote for its head, or fetching.
        case poll
        /// Reading files at the head.
        case read
        /// Creating or pushing commits.
        case publish
    }

    /// The stage.
    public var stage: Stage
    /// What went wrong.
    public var message: String

    /// `stage: message`.
    public var description: String { "\(stage.rawValue): \(message)" }
}

/// One experiment as the pass left it.
public struct ExperimentSummary: Sendable, Hashable {
    /// `namespace/name`.
    public var key: String
    /// Its status file.
    public var statusPath: String
    /// Its report.
    public var reportPath: String
    /// Phase.
    public var phase: ExperimentPhase
    /// Iterations assessed.
    public var completedIterations: Int
    /// Iterations planned, when the spec is valid.
    public var totalIterations: Int?
    /// The split last applied, by version, in spec order.
    public var weights: [(version: String, weight: Int)]
    /// The last iteration's verdict in a few words.
    public var assessment: String?
    /// How it ended, once it has.
    public var finish: FinishPlan?
    /// Spec errors, when the spec is invalid.
    public var specErrors: [String]
    /// What happened to it in this pass.
    public var events: [String]

    public static func == (a: ExperimentSummary, b: ExperimentSummary) -> Bool {
        a.key == b.key && a.phase == b.phase && a.completedIterations == b.completedIterations
            && a.weights.map(\.version) == b.weights.map(\.version) && a.weights.map(\.weight) == b.weights.map(\.weight)
            && a.assessment == b.assessment && a.finish == b.finish && a.specErrors == b.specErrors && a.events == b.events
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(phase)
        hasher.combine(completedIterations)
    }
}
