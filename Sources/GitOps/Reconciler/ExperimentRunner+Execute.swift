import Experiments
import Foundation

extension ExperimentRunner {
    // MARK: The executor

    /// Delivers `event` to the step's machine and carries out every action it returns, in order; an action's result
    /// is delivered as the next event, whose actions join the queue (at most ``actionBudget`` actions per event).
    /// The one way events reach the machine, in the runner and after it (a manifest edit that failed, a push).
    func deliver(_ event: ExperimentEvent, to step: inout ExperimentStep) async {
        var queue = handle(event, in: &step)
        var budget = actionBudget
        while !queue.isEmpty {
            guard budget > 0 else {
                logger.error(
                    "action budget exhausted; the machine asks again in the next pass",
                    metadata: ["experiment": "\(step.key)", "left": "\(queue)"])
                step.requeueSeconds = 0
                return
            }
            budget -= 1
            step.actionsCarriedOut += 1
            if let answer = await carryOut(queue.removeFirst(), in: &step) {
                queue += handle(answer, in: &step)
            }
        }
    }

    /// Hands one event to the machine and notes what it reported: a phase change (a line for people; `started`), a
    /// hold that began, an end whose push is reported.
    func handle(_ event: ExperimentEvent, in step: inout ExperimentStep) -> [ExperimentAction] {
        guard step.machine != nil, let now = step.context?.now else { return [] }
        step.machine!.reviewDefault = configuration.pullRequests?.defaultPolicy ?? .never
        let actions = step.machine!.handle(event, at: now)
        guard let machine = step.machine else { return actions }
        let iteration = machine.state.completedIterations
        if let transition = machine.lastTransition {
            step.events.append("\(transition)")
            if transition.from == .initializing && transition.to == .running {
                step.outcomes.append((.started, iteration))
            }
            if transition.from == .finishing && transition.to == .completed, let plan = machine.state.finish {
                step.outcomes.append((.end(plan), iteration))
            }
        }
        if let hold = machine.lastHold {
            step.events.append("traffic held: \(hold)")
            step.outcomes.append((.held(reason: hold), iteration))
        }
        return actions
    }

    /// Carries out one action; returns the event that answers it, if any.
    func carryOut(_ action: ExperimentAction, in step: inout ExperimentStep) async -> ExperimentEvent? {
        guard let machine = step.machine, let context = step.context else { return nil }
        let experiment = machine.experiment
        let now = context.now
        switch action {
        case .runIteration(let number):
            do {
                let record = try await IterationRunner(source: environment.metrics).run(
                    experiment, metrics: context.metrics, number: number, state: machine.state, baseSeed: step.document.seed,
                    at: now)
                // The machine decides on the exact result; the record keeps its derived numbers at the recorded
                // precision (the input stays exact, and replay rounds what it recomputes the same way).
                var recorded = record
                recorded.result = record.result.recorded()
                step.document.iterations.append(recorded)
                step.events.append("iteration \(number): \(Self.summary(record.result))")
                return .iterationAssessed(record.result)
            } catch {
                let failure = ExternalFailure.of(error, calling: .prometheus)
                step.apiFailures.append(failure.system)
                step.events.append("iteration \(number) not measured: \(error)")
                return .iterationFailed(failure)
            }
        case .setWeights(let split):
            return setWeights(split, in: &step)
        case .promote(let plan), .rollBack(let plan):
            return await finish(plan, in: &step)
        case .restoreWeights(let split):
            do {
                try await environment.router.apply(split, for: experiment)
                let live = step.liveSplit.map { " (the cluster had \(describe($0, experiment)))" } ?? ""
                step.events.append("restored the recorded split \(describe(split, experiment))\(live)")
                logger.notice("restored recorded weights", metadata: ["experiment": "\(step.key)"])
            } catch {
                logger.warning("cannot restore recorded weights", metadata: ["experiment": "\(step.key)", "error": "\(error)"])
            }
            return nil
        case .openReview(let plan):
            guard context.manifestPath != nil else {
                return .reviewFailed(
                    reason: "a pull request needs the \(Self.objectName(experiment)) manifest in the repository, and no file declares it")
            }
            step.review = FinishRequest(plan: plan, manifestPath: context.manifestPath, manifestNote: nil)
            step.events.append("\(plan.kind.rawValue) decided: opening a pull request for it")
            return nil  // answered by `reviewOpened` or `reviewFailed` once the branch is pushed (Reconciler.openReviews)
        case .checkReview(let request):
            guard let client = configuration.pullRequests?.client else {
                return .reviewFailed(reason: "no pull request API is configured (--pull-request-provider)")
            }
            do {
                let read = try await client.get(number: request.number).state
                let state = ReviewRequest.State(rawValue: read.rawValue) ?? .open
                if state != request.state { step.events.append("\(request.url) is \(state.rawValue)") }
                return .reviewObserved(state)
            } catch {
                step.events.append("cannot read \(request.url): \(error)")
                return .reviewFailed(reason: "\(error)")
            }
        case .requeue(let seconds):
            // The machine's latest word: a request made before a later event of this step moved it on is moot (a
            // target taken asks for "at once", and the versions checked in the same step answer that).
            step.requeueSeconds = seconds
            return nil
        }
    }

    /// A mid-experiment split. In `cluster` mode it is recorded now and goes live once the pass's push has recorded
    /// it (write-ahead: the reconciler applies it then, so the cluster never carries a split Git does not have;
    /// should that apply fail, or the process die first, the next pass restores the recorded split). In `git` mode
    /// it is committed to the manifest for the GitOps tool, and applied once the cluster shows it.
    func setWeights(_ split: [String: Int], in step: inout ExperimentStep) -> ExperimentEvent? {
        guard let machine = step.machine, let context = step.context else { return nil }
        let experiment = machine.experiment
        let iteration = machine.state.completedIterations
        switch configuration.applyMode(of: experiment) {
        case .cluster:
            step.clusterSplit = split
            step.events.append("weights \(describe(split, experiment))")
            step.outcomes.append((.weightsChanged(split), iteration))
            return .weightsApplied(split)
        case .git:
            guard let path = context.manifestPath else {
                return .weightsFailed(
                    reason: "apply mode git needs the \(Self.objectName(experiment)) manifest in the repository, and none declares it")
            }
            step.manifestSplit = ManifestSplit(path: path, split: split)
            step.events.append("committing weights \(describe(split, experiment)) for the GitOps tool to apply")
            step.outcomes.append((.weightsChanged(split), iteration))
            return nil  // answered by `gitApplyObserved` once the cluster shows it, or `weightsFailed` if the edit fails
        }
    }

    /// An end: in `cluster` mode the final split goes live now; the end is then committed on its own (answered by
    /// `pushSucceeded` or `pushRejected` after the push).
    func finish(_ plan: FinishPlan, in step: inout ExperimentStep) async -> ExperimentEvent? {
        guard step.finish == nil, let machine = step.machine, let context = step.context else { return nil }
        let experiment = machine.experiment
        let mode = configuration.applyMode(of: experiment)
        if mode == .cluster, !plan.split.isEmpty {
            do {
                if plan.kind == .promotion, let winner = plan.version {
                    try await environment.router.promote(winner, for: experiment)
                } else {
                    try await environment.router.apply(plan.split, for: experiment)
                }
            } catch {
                step.apiFailures.append(ExternalFailure.of(error, calling: .kubernetes).system)
                step.events.append("final split not applied: \(error)")
                return .weightsFailed(reason: "\(error)")
            }
        }
        let note: String? = plan.split.isEmpty || context.manifestPath != nil ? nil
            : mode == .cluster
                ? "no file of the repository declares the \(Self.objectName(experiment)); only the cluster was changed"
                : "no file of the repository declares the \(Self.objectName(experiment)); nothing was rewritten"
        step.finish = FinishRequest(plan: plan, manifestPath: plan.split.isEmpty ? nil : context.manifestPath, manifestNote: note)
        step.events.append("\(plan.kind.rawValue): \(plan.reason)")
        return nil
    }
}
