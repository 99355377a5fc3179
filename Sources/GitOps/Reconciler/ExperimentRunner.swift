import Experiments
import Foundation
import Git
import Logging
import Routing

/// Reconciles one experiment in one pass: observes what its phase needs (the spec, the target queue, readiness,
/// the live split, time), delivers each observation to the state machine as an event, and carries out the actions
/// it returns through the cluster adapters (``deliver(_:to:)``). Repository changes are returned in an
/// ``ExperimentStep``, never written here.
///
/// One iteration: ``advance(_:)`` delivers `timePassed` → ``ExperimentStateMachine/handle(_:at:)`` answers
/// `runIteration` → ``carryOut(_:in:)`` measures it (``IterationRunner``) and delivers `iterationAssessed` → the
/// machine answers `setWeights` and `requeue` → ``setWeights(_:in:)`` records the split (`weightsApplied`). The
/// reconciler then publishes (`Reconciler.publish`, `build`: the status file is the machine's state), pushes, and
/// reports the push to the machine and the outcomes to the ``OutcomeSink`` (`Reconciler.pushed`).
struct ExperimentRunner: Sendable {
    let environment: ClusterEnvironment
    let configuration: ReconcilerConfiguration
    let logger: Logger
    /// At most this many actions per event (a guard against a loop between events).
    let actionBudget = 32

    /// Everything one experiment's reconcile needs to know about the pass.
    struct Context: Sendable {
        var head: GitOID
        var now: Date
        var metrics: [String: MetricDefinition]
        var manifestPath: String?
        var ownsTarget: Bool
        var queuedBehind: String?
        /// Whether the service may have missed time (its first pass, or the first since Git did not answer), so a
        /// running experiment may have gone unsupervised past its deadline (``ExperimentEvent/supervisionChecked``).
        /// A service that kept passing was supervising, however slowly: its gaps are not lapses.
        var mayHaveMissedTime = false
    }

    // MARK: Entry points

    /// A valid spec: adopt or start the experiment and advance it.
    func reconcile(
        _ experiment: Experiment, previous: ExperimentStatus?, previousExperiment: Experiment?, files: StatusLayout.Files,
        specPath: String, context: Context
    ) async -> ExperimentStep {
        let key = "\(experiment.namespace)/\(experiment.name)"
        var step: ExperimentStep
        if let previous {
            let machine = ExperimentStateMachine(experiment: previousExperiment ?? experiment, state: previous.state)
            step = ExperimentStep(key: key, files: files, machine: machine, status: previous, context: context)
            if previous.specErrors != nil { step.document.specErrors = nil }
            if let previousExperiment, previousExperiment != experiment {
                step.document.specRevision = context.head.hex
                step.events.append("spec changed at \(context.head.short)")
                await deliver(.specChanged(experiment), to: &step)
            } else if previousExperiment == nil {
                step.machine = ExperimentStateMachine(experiment: experiment, state: previous.state)
                if previous.specErrors != nil { step.document.specRevision = context.head.hex }
            }
        } else {
            let seed = experiment.analysis.seed ?? Seeds.base(from: "\(key)@\(context.head.hex)")
            let machine = ExperimentStateMachine(experiment: experiment, state: .new(at: context.now))
            let status = ExperimentStatus(
                experiment: ExperimentIdentity(
                    name: experiment.name, namespace: experiment.namespace, target: experiment.target, specPath: specPath),
                specRevision: context.head.hex, seed: seed, state: machine.state)
            step = ExperimentStep(key: key, files: files, machine: machine, status: status, context: context)
            step.events.append("new experiment")
        }
        step.document.experiment.specPath = specPath
        // The queue reads it: follow a spec that moved before it started.
        step.document.experiment.target = step.machine?.experiment.target ?? experiment.target
        if let refused = refusedNamespace(of: experiment) {
            step.document.specErrors = ["\(specPath): namespace \(refused) is not one the service may touch (allowed: "
                + (configuration.allowedNamespaces ?? []).sorted().joined(separator: ", ") + ")"]
            return step
        }
        if let refused = refusedByStatusBranch(experiment) {
            step.document.specErrors = ["\(specPath): \(refused)"]
            return step
        }
        await advance(&step)
        return step
    }

    /// A spec that does not validate: its status lists the errors; a running experiment holds.
    func invalid(
        key: String, name: String, namespace: String, errors: [LocatedIssue], previous: ExperimentStatus?,
        files: StatusLayout.Files, specPath: String, context: Context
    ) -> ExperimentStep {
        var status = previous ?? ExperimentStatus(
            experiment: ExperimentIdentity(name: name, namespace: namespace, target: "", specPath: specPath),
            specRevision: context.head.hex, seed: 0, state: .new(at: context.now))
        let messages = errors.map(\.description)
        if status.specErrors != messages {
            status.specErrors = messages.isEmpty ? ["\(specPath): the spec is invalid"] : messages
            status.specRevision = context.head.hex
        }
        if previous == nil { status.state.reason = "InvalidSpec" }
        var step = ExperimentStep(key: key, files: files, machine: nil, status: status)
        step.events.append("invalid spec: \(messages.first ?? "")")
        return step
    }

    /// The spec was deleted: end a started experiment safely.
    func deleted(
        _ experiment: Experiment, previous: ExperimentStatus, files: StatusLayout.Files, context: Context
    ) async -> ExperimentStep {
        let machine = ExperimentStateMachine(experiment: experiment, state: previous.state)
        var step = ExperimentStep(
            key: "\(experiment.namespace)/\(experiment.name)", files: files, machine: machine, status: previous,
            context: context)
        step.events.append("spec deleted")
        await deliver(.specDeleted, to: &step)
        return step
    }

    // MARK: Observations

    /// Delivers this pass's observations in a fixed order; the phase says which are worth the I/O, the machine
    /// decides on each.
    func advance(_ step: inout ExperimentStep) async {
        guard let context = step.context, let experiment = step.machine?.experiment else { return }
        func phase() -> ExperimentPhase? { step.machine?.state.phase }
        if context.mayHaveMissedTime, phase() == .running {  // past its deadline: roll back before restoring or measuring
            await deliver(.supervisionChecked, to: &step)
        }
        if phase() == .waiting {
            await deliver(.targetChecked(ownsTarget: context.ownsTarget, queuedBehind: context.queuedBehind), to: &step)
        }
        // The split the readiness check read, while nothing was done since: the restore check below needs no second
        // read of the same route in the same step (one read per running experiment per pass instead of two).
        var splitJustRead: [String: Int]?
        if phase() == .initializing || phase() == .running {
            let check = await readiness(of: experiment)
            if let failure = check.failure { step.apiFailures.append(failure.system) }
            let actions = step.actionsCarriedOut
            await deliver(.versionsChecked(check), to: &step)
            if step.actionsCarriedOut == actions { splitJustRead = check.currentWeights }
        }
        let mode = configuration.applyMode(of: experiment)
        let state = step.machine?.state
        // A split recorded in this pass goes live after the push (write-ahead): nothing to restore before that.
        if mode == .cluster, phase() == .running || phase() == .paused, experiment.routing != .none,
            state?.weights != nil, state?.pendingWeights == nil, step.clusterSplit == nil
        {
            do {
                let live: [String: Int]
                if let splitJustRead { live = splitJustRead } else { live = try await environment.router.currentSplit(for: experiment) }
                step.liveSplit = live
                await deliver(.liveSplitRead(live), to: &step)
            } catch {
                logger.warning("cannot restore recorded weights", metadata: ["experiment": "\(step.key)", "error": "\(error)"])
            }
        }
        if mode == .git, phase() == .running, let pending = step.machine?.state.pendingWeights {
            let live: [String: Int]?
            if let splitJustRead { live = splitJustRead } else { live = await liveSplit(of: experiment, key: step.key) }
            if let live, live == pending {
                step.events.append("the cluster shows the committed split \(describe(live, experiment))")
            }
            await deliver(.gitApplyObserved(live: live, timeoutSeconds: configuration.gitApplyTimeoutSeconds), to: &step)
        } else if phase() == .running || phase() == .finishing || phase() == .awaitingMerge {
            await deliver(.timePassed, to: &step)
        }
    }

    /// Readiness of the versions and the split now live; a cluster that cannot be asked reads as not ready, with
    /// the failed call.
    func readiness(of experiment: Experiment) async -> VersionsCheck {
        do {
            let (ready, message) = try await environment.readiness.check(experiment)
            guard ready else { return VersionsCheck(ready: false, message: message) }
            guard experiment.routing != .none else { return VersionsCheck(ready: true, message: message) }
            do {
                return VersionsCheck(
                    ready: true, message: message, currentWeights: try await environment.router.currentSplit(for: experiment))
            } catch {
                return VersionsCheck(
                    ready: false, message: "cannot read the routing: \(error)", failure: .of(error, calling: .kubernetes))
            }
        } catch {
            return VersionsCheck(
                ready: false, message: "cannot reach the cluster: \(error)", failure: .of(error, calling: .kubernetes))
        }
    }

    /// The split on the live route, or nil when it cannot be read (in `git` mode that reads as not applied yet).
    func liveSplit(of experiment: Experiment, key: String) async -> [String: Int]? {
        do {
            return try await environment.router.currentSplit(for: experiment)
        } catch {
            logger.debug("cannot read the live split", metadata: ["experiment": "\(key)", "error": "\(error)"])
            return nil
        }
    }

    /// Puts `split` on the live route unless it is there already; returns the split it replaced (nil: unchanged).
    func bringLive(_ split: [String: Int], for experiment: Experiment) async throws -> [String: Int]? {
        let live = try await environment.router.currentSplit(for: experiment)
        guard live != split else { return nil }
        try await environment.router.apply(split, for: experiment)
        return live
    }

    // MARK: Helpers

    func refusedNamespace(of experiment: Experiment) -> String? {
        var namespaces = [experiment.namespace]
        if let object = experiment.routedObject { namespaces.append(object.namespace) }
        for version in experiment.versions {
            namespaces.append(DeploymentVersionReadiness.workload(of: version, in: experiment).namespace)
            if let reference = version.weightObjRef { namespaces.append(reference.namespace) }
        }
        return namespaces.first { !configuration.allows(namespace: $0) }
    }

    /// The routed object's kind, for people ("the VirtualService", "the HTTPRoute").
    static func objectName(_ experiment: Experiment) -> String {
        experiment.routedObject?.kind.rawValue ?? "routed object"
    }

    func describe(_ split: [String: Int], _ experiment: Experiment) -> String {
        experiment.versions.map { "\($0.name)=\(split[$0.name] ?? 0)" }.joined(separator: " ")
    }

    static func summary(_ result: AnalysisResult) -> String {
        let weights = result.traffic.weights.map { "\($0.version)=\($0.weight)" }.joined(separator: " ")
        let winner = result.winner.found ? "winner \(result.winner.version ?? "?")" : "no winner yet"
        return result.traffic.held ? "held (\(result.traffic.reason))" : "\(winner); recommends \(weights)"
    }
}
