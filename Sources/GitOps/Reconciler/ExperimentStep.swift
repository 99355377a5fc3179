import Experiments
import Foundation

/// What reconciling one experiment in one pass produced: its machine after every event, its status document, and
/// the repository changes it asks for. Nothing here is published until the pass's commits are pushed.
struct ExperimentStep: Sendable {
    /// `namespace/name`.
    var key: String
    /// Where its status and report go.
    var files: StatusLayout.Files
    /// The machine after this pass's events; nil for a spec that never validated. Its state is the experiment's
    /// state: the one copy, which ``status`` derives the document's from.
    var machine: ExperimentStateMachine?
    /// The status document but for its `state` while there is a ``machine`` (iterations, seed, spec revision and
    /// errors); without a machine (an invalid spec, an abandoned step), its `state` is the recorded one.
    var document: ExperimentStatus
    /// The pass as this experiment's events saw it: what events delivered after the runner (a manifest edit that
    /// failed, the push's result) are delivered with. Nil for a step without a machine.
    var context: ExperimentRunner.Context?
    /// A decided end, to be committed on its own.
    var finish: FinishRequest?
    /// An end to put in a pull/merge request before this step is published (``Reconciler/openReviews(_:base:now:)``).
    var review: FinishRequest?
    /// In `git` apply mode, a split to commit to the manifest.
    var manifestSplit: ManifestSplit?
    /// In `cluster` apply mode, a split to put on the live route once the pass's push has recorded it.
    var clusterSplit: [String: Int]?
    /// The split read on the live route in this step, if it was.
    var liveSplit: [String: Int]?
    /// Actions carried out so far in this step (``ExperimentRunner/deliver(_:to:)``): a read of the cluster made
    /// before an action may be stale after it.
    var actionsCarriedOut = 0
    /// Seconds (clock time) until the machine wants to be called again.
    var requeueSeconds: Double?
    /// One line for people about what happened, if anything did.
    var events: [String] = []
    /// External systems whose calls failed during this step, once per failure.
    var apiFailures: [ExternalFailure.System] = []
    /// What kept the service from reconciling this experiment, if anything (the others carried on).
    var stepFailures: [StepFailure] = []
    /// What this step did that the outcome seam reports once it is pushed, oldest first, with the iterations
    /// completed then (the commit is known only after the push; an end is added when its push is reported).
    var outcomes: [(kind: ExperimentOutcome.Kind, iteration: Int)] = []
    /// False for a step with nothing to record: a new experiment whose first step was abandoned has no status yet,
    /// and the next pass starts it afresh.
    var publishes = true
    /// The status its file holds at the pass's commit, as read; a step whose status is still this one has nothing
    /// to write, and its file is not encoded again.
    var recorded: ExperimentStatus?

    /// A step on `status`, driven by `machine` when there is one.
    init(
        key: String, files: StatusLayout.Files, machine: ExperimentStateMachine?, status: ExperimentStatus,
        context: ExperimentRunner.Context? = nil
    ) {
        self.key = key
        self.files = files
        self.machine = machine
        self.document = status
        self.context = context
    }

    /// The state of ``status``, without building the document: the machine's, else the document's.
    var state: ExperimentState { machine?.state ?? document.state }

    /// The status document to write: the document with the machine's state (derived here, never copied back).
    var status: ExperimentStatus {
        guard let machine else { return document }
        var status = document
        status.state = machine.state
        return status
    }
}

/// Why one experiment's step did not complete or could not be published; the pass goes on without it.
enum StepFailure: String, Sendable, Hashable {
    /// The step overran ``ReconcilerConfiguration/stepDeadlineSeconds`` and was abandoned.
    case deadlineExceeded
    /// Its files could not be written (an unsafe path, a status that does not encode).
    case unwritable
}

/// An end to record in a commit of its own.
struct FinishRequest: Sendable {
    /// The plan.
    var plan: FinishPlan
    /// The manifest to rewrite, when the repository has one.
    var manifestPath: String?
    /// Why no manifest is rewritten, when none is.
    var manifestNote: String?
}

/// A split to write into the routed object's manifest in `git` apply mode.
struct ManifestSplit: Sendable {
    var path: String
    var split: [String: Int]
}
