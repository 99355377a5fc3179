import Experiments
import Foundation

extension Reconciler {
    /// Git did not answer this pass. The snapshot fetched last still says which experiments run and what their
    /// status records; in `cluster` apply mode, one past its deadline
    /// (``Experiments/ExperimentEvent/supervisionChecked``) gets its rollback split in the cluster now, without
    /// waiting for Git. Nothing is recorded here, and nothing needs to be: when Git answers again, the same rule
    /// applied to the same status decides the same rollback and commits it (a restarted service too). In `git`
    /// apply mode the GitOps tool applies from Git, so there is nothing to do until it answers.
    ///
    /// - Returns: one line per experiment it acted on (or failed to), for the pass report and the log.
    func actDuringGitOutage(now: Date) async -> [String] {
        guard let head = fetchedHead, let snapshot = try? await loadSnapshot(at: head) else { return [] }
        var lines: [String] = []
        for spec in await inHeldShards(snapshot).specs {
            guard let experiment = spec.experiment, let recorded = snapshot.statuses[spec.key]?.status,
                recorded.specErrors == nil, configuration.applyMode(of: experiment) == .cluster,
                runner.refusedNamespace(of: experiment) == nil
            else { continue }
            var machine = ExperimentStateMachine(experiment: experiment, state: recorded.state)
            let plans = machine.handle(.supervisionChecked, at: now).compactMap { action -> FinishPlan? in
                if case .rollBack(let plan) = action { plan } else { nil }
            }
            guard let plan = plans.first, !plan.split.isEmpty else { continue }
            let split = runner.describe(plan.split, experiment)
            do {
                guard try await runner.bringLive(plan.split, for: experiment) != nil else { continue }  // done already
                lines.append("\(spec.key): Git unreachable; \(plan.reason); rolled back to \(split) in the cluster, "
                    + "to be committed when Git answers")
                logger.warning(
                    "rolled back in the cluster while Git is unreachable",
                    metadata: ["experiment": "\(spec.key)", "split": "\(split)", "reason": "\(plan.reason)"])
            } catch {
                lines.append("\(spec.key): Git unreachable and past the deadline, but the rollback to \(split) failed: \(error)")
                logger.error(
                    "cannot roll back while Git is unreachable", metadata: ["experiment": "\(spec.key)", "error": "\(error)"])
            }
        }
        return lines
    }
}
