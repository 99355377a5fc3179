import Experiments
import Foundation
import Git

extension Reconciler {
    /// A deleted spec whose last version the status names cannot be read (Git failed, or that version no longer
    /// holds the experiment): nothing can end the experiment safely without it, so it is left as recorded, with
    /// `Reconciled` False saying why, a line in the pass report and an error in the log (once per revision). The
    /// next pass tries again; one that can read it ends the experiment and sets `Reconciled` True.
    func unreadableDeletedSpec(
        key: String, status: ExperimentStatus, files: StatusLayout.Files, revision: GitOID, error: any Error, now: Date
    ) -> ExperimentStep {
        let message = "the spec was deleted, but its version at \(revision.short) cannot be read (\(error)); "
            + "the experiment is left as recorded"
        if reportedSkips.insert("deleted-spec:\(key)@\(revision.hex)").inserted {
            logger.error(
                "deleted spec not read; the experiment is left as recorded",
                metadata: ["experiment": "\(key)", "revision": "\(revision.short)", "error": "\(error)"])
        }
        var recorded = status
        recorded.state.setCondition(ConditionType.reconciled, false, reason: "DeletedSpecUnreadable", message: message, at: now)
        var step = ExperimentStep(key: key, files: files, machine: nil, status: recorded)
        step.events.append(message)
        return step
    }
}

/// The version of a deleted spec that the status names does not hold the experiment.
struct DeletedSpecUnreadable: Error, CustomStringConvertible {
    var path: String
    var revision: String

    var description: String { "\(path) at \(revision) does not declare it" }
}
