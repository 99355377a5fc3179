import Experiments
import Foundation
import Git
import Logging
import Routing

/// Reconciles one experiment in one pass: feeds the state machine its events (spec changes, target,
/// readiness, time) and carries out the actions it returns through the cluster adapters. Repository
/// changes are returned in an ``ExperimentStep``, never written here.
struct ExperimentRunner: Sendable {
    let environment: ClusterEnvironment
    let configuration: ReconcilerConfiguration
    let logger: Logger
    /// At most this many actions per experiment per pass (a guard against a loop between events).
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
        /// running experiment may have gone unsupervised past its deadline (``ExperimentStateMachine/supervisionChecked(at:)``).
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
        var status: ExperimentStatus
        var machine: ExperimentStateMachine
        var step: ExperimentStep
        if let previous {
            status = previous
            machine = ExperimentStateMachine(experiment: previousExperiment ?? experiment, state: previous.state)
            step = ExperimentStep(key: key, files: files, machine: machine, status: status)
            if previous.specErrors != nil { status.specErrors = nil }
            if let previousExperiment, previousExperiment != experiment {
                status.specRevision = context.head.hex
                let actions = machine.specChanged(experiment, at: context.now)
                step.events.append("spec changed at \(context.head.short)")
                await execute(actions, machine: &machine, status: &status, step: &step, context: context)
            } else if previousExperiment == nil {
                machine = ExperimentStateMachine(experiment: experiment, state: previous.state)
                if previous.specErrors != nil { status.specRevision = context.head.hex }
            }
        } else {
            let seed = experiment.analysis.seed ?? Seeds.base(from: "\(key)@\(context.head.hex)")
            machine = ExperimentStateMachine(experiment: experiment, state: .new(at: context.now))
            status = ExperimentStatus(
                experiment: ExperimentIdentity(
                    name: experiment.name, namespace: experiment.namespace, target: experiment.target, specPath: specPath),
                specRevision: context.head.hex, seed: seed, state: machine.state)
            step = ExperimentStep(key: key, files: files, machine: machine, status: status)
            step.events.append("new experiment")
        }
        status.experiment.specPath = specPath
        status.experiment.target = machine.experiment.target  // the queue reads it: follow a spec that moved before it started
        if let refused = refusedNamespace(of: experiment) {
            status.specErrors = ["\(specPath): namespace \(refused) is not one the service may touch (allowed: "
                + (configuration.allowedNamespaces ?? []).sorted().joined(separator: ", ") + ")"]
            status.state = machine.state
            step.machine = machine
            step.status = status
            return step
        }
        await advance(machine: &machine, status: &status, step: &step, context: context)
        step.machine = machine
        status.state = machine.state
        step.status = status
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
        var status = previous
        var machine = ExperimentStateMachine(experiment: experiment, state: previous.state)
        var step = ExperimentStep(key: "\(experiment.namespace)/\(experiment.name)", files: files, machine: machine, status: status)
        step.events.append("spec deleted")
        let actions = machine.specDeleted(at: context.now)
        await execute(actions, machine: &machine, status: &status, step: &step, context: context)
        step.machine = machine
        status.state = machine.state
        step.status = status
        return step
    }

    // MARK: Events

    func advance(
        machine: inout ExperimentStateMachine, status: inout ExperimentStatus, step: inout ExperimentStep, context: Context
    ) async {
        let now = context.now
        if context.mayHaveMissedTime, machine.state.phase == .running {  // past its deadline: roll back before restoring or measuring
            let actions = machine.supervisionChecked(at: now)
            await execute(actions, machine: &machine, status: &status, step: &step, context: context)
        }
        if machine.state.phase == .waiting {
            let actions = machine.targetChecked(ownsTarget: context.ownsTarget, queuedBehind: context.queuedBehind, at: now)
            await execute(actions, machine: &machine, status: &status, step: &step, context: context)
        }
        if machine.state.phase == .initializing || machine.state.phase == .running {
            let (ready, message, current) = await readiness(of: machine.experiment)
            if message.hasPrefix("cannot reach") || message.hasPrefix("cannot read the routing") {
                step.apiFailures.append("kubernetes")
            }
            let actions = machine.versionsChecked(ready: ready, message: message, currentWeights: current, at: now)
            await execute(actions, machine: &machine, status: &status, step: &step, context: context)
        }
        let mode = configuration.applyMode(of: machine.experiment)
        if mode == .cluster, machine.state.phase == .running || machine.state.phase == .paused {
            await restoreRecordedWeights(machine: machine, step: &step)
        }
        if mode == .git, machine.state.phase == .running, let pending = machine.state.pendingWeights {
            switch await gitApplied(pending, machine: machine, now: now) {
            case .applied(let split):
                let actions = machine.weightsApplied(split, at: now)
                step.events.append("the cluster shows the committed split \(describe(split, machine.experiment))")
                await execute(actions, machine: &machine, status: &status, step: &step, context: context)
            case .waiting:
                step.requeueSeconds = min(step.requeueSeconds ?? .infinity, Double(machine.experiment.duration.intervalSeconds))
                return  // no iteration until the cluster shows the split the repository has
            case .timedOut(let reason):
                let actions = machine.weightsFailed(reason: reason, at: now)
                await execute(actions, machine: &machine, status: &status, step: &step, context: context)
            }
        }
        if machine.state.phase == .running || machine.state.phase == .finishing {
            let actions = machine.timePassed(at: now)
            await execute(actions, machine: &machine, status: &status, step: &step, context: context)
        }
    }

    /// Readiness of the versions and the split now live; a cluster that cannot be asked reads as not ready.
    func readiness(of experiment: Experiment) async -> (Bool, String, [String: Int]?) {
        do {
            let (ready, message) = try await environment.readiness.check(experiment)
            guard ready else { return (false, message, nil) }
            guard experiment.routing != .none else { return (true, message, nil) }
            do {
                return (true, message, try await environment.router.currentSplit(for: experiment))
            } catch {
                return (false, "cannot read the routing: \(error)", nil)
            }
        } catch {
            return (false, "cannot reach the cluster: \(error)", nil)
        }
    }

    /// In `cluster` mode the recorded split is the truth: after a restart, or when someone changed the live
    /// routed object, put the recorded weights back.
    func restoreRecordedWeights(machine: ExperimentStateMachine, step: inout ExperimentStep) async {
        guard let recorded = machine.state.weights, machine.state.pendingWeights == nil, machine.experiment.routing != .none
        else { return }
        do {
            guard let live = try await bringLive(recorded, for: machine.experiment) else { return }
            step.events.append(
                "restored the recorded split \(describe(recorded, machine.experiment)) (the cluster had \(describe(live, machine.experiment)))")
            logger.notice("restored recorded weights", metadata: ["experiment": "\(step.key)"])
        } catch {
            logger.warning("cannot restore recorded weights", metadata: ["experiment": "\(step.key)", "error": "\(error)"])
        }
    }

    /// Puts `split` on the live route unless it is there already; returns the split it replaced (nil: unchanged).
    func bringLive(_ split: [String: Int], for experiment: Experiment) async throws -> [String: Int]? {
        let live = try await environment.router.currentSplit(for: experiment)
        guard live != split else { return nil }
        try await environment.router.apply(split, for: experiment)
        return live
    }

    enum GitApplyState { case applied([String: Int]), waiting, timedOut(String) }

    /// In `git` mode, whether the cluster shows the committed split yet.
    func gitApplied(_ pending: [String: Int], machine: ExperimentStateMachine, now: Date) async -> GitApplyState {
        let since = machine.state.lastIterationAt ?? machine.state.startedAt ?? now
        let live = try? await environment.router.currentSplit(for: machine.experiment)
        if let live, live == pending { return .applied(live) }
        if now.timeIntervalSince(since) > configuration.gitApplyTimeoutSeconds {
            return .timedOut(
                "the cluster did not show the committed split \(describe(pending, machine.experiment)) within "
                    + "\(Int(configuration.gitApplyTimeoutSeconds)) s; is the GitOps tool (Argo CD, Flux) syncing this repository?")
        }
        return .waiting
    }

    // MARK: Actions

    func execute(
        _ initial: [ExperimentAction], machine: inout ExperimentStateMachine, status: inout ExperimentStatus,
        step: inout ExperimentStep, context: Context
    ) async {
        var queue = initial
        var budget = actionBudget
        let now = context.now
        let mode = configuration.applyMode(of: machine.experiment)
        while !queue.isEmpty, budget > 0 {
            budget -= 1
            let action = queue.removeFirst()
            if let transition = machine.lastTransition { step.events.append("\(transition)") }
            switch action {
            case .runIteration(let number):
                do {
                    let record = try await IterationRunner(source: environment.metrics).run(
                        machine.experiment, metrics: context.metrics, number: number, state: machine.state,
                        baseSeed: status.seed, at: now)
                    status.iterations.append(record)
                    step.events.append("iteration \(number): \(Self.summary(record.result))")
                    queue += machine.iterationAssessed(record.result, at: now)
                } catch {
                    step.apiFailures.append(error is AnalysisError ? "analysis" : "prometheus")
                    step.events.append("iteration \(number) not measured: \(error)")
                    queue += machine.iterationFailed(reason: "\(error)", at: now)
                }
            case .setWeights(let split):
                switch mode {
                case .cluster:
                    // Write-ahead: the split goes live only after the pass's push has recorded it (the reconciler
                    // applies it then), so the cluster never carries a split Git does not have. Should that apply
                    // fail, or the process die first, the next pass restores the recorded split.
                    step.clusterSplit = split
                    step.events.append("weights \(describe(split, machine.experiment))")
                    queue += machine.weightsApplied(split, at: now)
                case .git:
                    if let path = context.manifestPath {
                        step.manifestSplit = ManifestSplit(path: path, split: split)
                        step.events.append("committing weights \(describe(split, machine.experiment)) for the GitOps tool to apply")
                    } else {
                        queue += machine.weightsFailed(
                            reason: "apply mode git needs the \(Self.objectName(machine.experiment)) manifest in the repository, and none declares it",
                            at: now)
                    }
                }
            case .promote(let plan), .rollBack(let plan):
                guard step.finish == nil else { continue }
                if mode == .cluster, !plan.split.isEmpty {
                    do {
                        if plan.kind == .promotion, let winner = plan.version {
                            try await environment.router.promote(winner, for: machine.experiment)
                        } else {
                            try await environment.router.apply(plan.split, for: machine.experiment)
                        }
                    } catch {
                        step.apiFailures.append("kubernetes")
                        step.events.append("final split not applied: \(error)")
                        queue += machine.weightsFailed(reason: "\(error)", at: now)
                        continue
                    }
                }
                let note: String? = plan.split.isEmpty ? nil
                    : context.manifestPath == nil
                        ? (mode == .cluster
                            ? "no file of the repository declares the \(Self.objectName(machine.experiment)); only the cluster was changed"
                            : "no file of the repository declares the \(Self.objectName(machine.experiment)); nothing was rewritten")
                        : nil
                step.finish = FinishRequest(plan: plan, manifestPath: plan.split.isEmpty ? nil : context.manifestPath, manifestNote: note)
                step.events.append("\(plan.kind.rawValue): \(plan.reason)")
            case .writeStatus:
                break
            case .requeue(let seconds):
                step.requeueSeconds = min(step.requeueSeconds ?? .infinity, Double(seconds))
            }
        }
        if let transition = machine.lastTransition, step.events.last != "\(transition)" { step.events.append("\(transition)") }
        status.state = machine.state
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
