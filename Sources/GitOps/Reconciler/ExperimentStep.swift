import Experiments
import Foundation

/// What reconciling one experiment in one pass produced: its machine and status after every event, and
/// the repository changes it asks for. Nothing here is published until the pass's commits are pushed.
struct ExperimentStep: Sendable {
    /// `namespace/name`.
    var key: String
    /// Where its status and report go.
    var files: StatusLayout.Files
    /// The machine after this pass's events; nil for a spec that never validated.
    var machine: ExperimentStateMachine?
    /// The status document to write (its `state` is the machine's).
    var status: ExperimentStatus
    /// A decided end, to be committed on its own.
    var finish: FinishRequest?
    /// In `git` apply mode, a split to commit to the manifest.
    var manifestSplit: ManifestSplit?
    /// In `cluster` apply mode, a split to put on the live route once the pass's push has recorded it.
    var clusterSplit: [String: Int]?
    /// Seconds (clock time) until the machine wants to be called again.
    var requeueSeconds: Double?
    /// One line for people about what happened, if anything did.
    var events: [String] = []
    /// External systems that failed during this step (`kubernetes`, `prometheus`), once per failure.
    var apiFailures: [String] = []
    /// What kept the service from reconciling this experiment, if anything (the others carried on).
    var stepFailures: [StepFailure] = []
    /// False for a step with nothing to record: a new experiment whose first step was abandoned has no status yet,
    /// and the next pass starts it afresh.
    var publishes = true
    /// The status its file holds at the pass's commit, as read; a step whose status is still this one has nothing
    /// to write, and its file is not encoded again.
    var recorded: ExperimentStatus?
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
