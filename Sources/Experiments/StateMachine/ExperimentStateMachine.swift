import Foundation

/// The experiment lifecycle as a pure state machine: every event goes through ``handle(_:at:)``, which returns the
/// actions for the executor to carry out (one internal method per event decides). It does no I/O and reads no
/// clock; every event comes with `now`.
///
/// Phases: `Waiting` (queued behind another experiment on the target) → `Initializing` (versions
/// deploying) → `Running` (iterations) ⇄ `Paused` → `Finishing` (final split decided, being applied and
/// committed) → `Completed`. No data, unready versions, unreachable metrics or a failed weight change hold
/// the traffic where it is; after `analysis.noDataDeadlineSeconds` of holding, the experiment rolls back.
/// The first iteration runs one interval after the start, so that it has data.
public struct ExperimentStateMachine: Hashable, Sendable {
    /// The spec the machine acts on.
    public internal(set) var experiment: Experiment
    /// The progress; persisted in the status file.
    public internal(set) var state: ExperimentState
    /// The last phase change, if the last event caused one.
    public internal(set) var lastTransition: Transition?
    /// Why the traffic is held, if the last event started holding it (no data, versions not ready, a failed
    /// weight change); nil when it was held already or is not.
    public internal(set) var lastHold: String?
    /// Which ends wait for a merged pull/merge request when the spec does not say (`promotion.pullRequest`): the
    /// service's default, set by the executor before each event.
    public var reviewDefault: ReviewPolicy = .never

    /// Creates a machine for an experiment, resuming from `state`.
    public init(experiment: Experiment, state: ExperimentState) {
        self.experiment = experiment
        self.state = state
    }

    var interval: Int { experiment.duration.intervalSeconds }

    // MARK: Target and versions

    /// The reconciler checked whether this experiment owns its target (the earliest unfinished one does).
    mutating func targetChecked(ownsTarget: Bool, queuedBehind: String?, at now: Date) -> [ExperimentAction] {
        guard state.phase == .waiting else { return [] }
        guard ownsTarget else {
            state.setCondition(
                ConditionType.targetAcquired, false, reason: "QueuedBehind",
                message: "waiting for \(queuedBehind ?? "another experiment") to finish with target \(experiment.target)", at: now)
            return [.requeue(afterSeconds: Double(interval))]
        }
        state.setCondition(
            ConditionType.targetAcquired, true, reason: "TargetAcquired", message: "owns target \(experiment.target)", at: now)
        transition(to: .initializing, "TargetAcquired")
        return [.requeue(afterSeconds: 0)]
    }

    /// The reconciler checked the versions' Deployments, and read the split now live (if any).
    mutating func versionsChecked(ready: Bool, message: String, currentWeights: [String: Int]?, at now: Date)
        -> [ExperimentAction]
    {
        state.setCondition(ConditionType.versionsReady, ready, reason: ready ? "VersionsReady" : "VersionsNotReady", message: message, at: now)
        switch state.phase {
        case .initializing:
            guard ready else { return [.requeue(afterSeconds: Double(interval))] }
            state.startedAt = now
            state.weights = currentWeights
            state.recommendedVersion = experiment.baseline.name
            transition(to: .running, "VersionsReady")
            var actions: [ExperimentAction] = []
            if let initial = initialSplit(current: currentWeights), initial != currentWeights {
                state.pendingWeights = initial
                actions.insert(.setWeights(initial), at: 0)
            }
            return actions + [.requeue(afterSeconds: Double(interval))]
        case .running:
            if ready { return [] }
            return hold(reason: "VersionsNotReady", message: message, at: now)
        default:
            return []
        }
    }

    /// The first split of a Progressive experiment: each candidate starts at its increment cap, so that it
    /// gets traffic to be measured on. Other patterns keep the live split.
    func initialSplit(current: [String: Int]?) -> [String: Int]? {
        guard experiment.deploymentPattern == .progressive, experiment.testingPattern != .conformance,
            experiment.routing != .none
        else { return nil }
        let step = min(experiment.weightCaps.maxCandidateWeightIncrement, experiment.weightCaps.maxCandidateWeight)
        var split = Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, current?[$0.name] ?? 0) })
        if split.values.reduce(0, +) != 100 {
            split = Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, 0) })
            split[experiment.baseline.name] = 100
        }
        for candidate in experiment.candidates where split[candidate.name] == 0 {
            let give = min(step, split[experiment.baseline.name] ?? 0)
            split[candidate.name] = give
            split[experiment.baseline.name, default: 0] -= give
        }
        return split
    }

    // MARK: Time and iterations

    /// Time has passed: run the next iteration when it is due, roll back when holding past the deadline,
    /// or retry a finish that has not been committed yet.
    mutating func timePassed(at now: Date) -> [ExperimentAction] {
        switch state.phase {
        case .running:
            if let since = state.noDataSince, now.timeIntervalSince(since) >= Double(experiment.analysis.noDataDeadlineSeconds) {
                return finish(.noDataDeadline, at: now)
            }
            let due = nextIterationDue(now: now)
            if now >= due { return [.runIteration(number: state.completedIterations + 1)] }
            return [.requeue(afterSeconds: due.timeIntervalSince(now))]
        case .finishing:
            return state.finish.map { [finishAction($0)] } ?? []
        case .awaitingMerge:
            return state.review.map { [.checkReview($0)] } ?? state.finish.map { [finishAction($0)] } ?? []
        case .waiting, .initializing:
            return [.requeue(afterSeconds: Double(interval))]
        case .paused, .completed:
            return []
        }
    }

    /// When the next iteration is due: iterations keep to a fixed schedule, `startedAt + k × interval`, so a pass
    /// that ran late does not delay every later iteration — the next one is the first point of the schedule at
    /// least half an interval after the last (its data window is never shorter than that; a schedule point
    /// closer than that to a late iteration is skipped).
    func nextIterationDue(now: Date) -> Date {
        let seconds = Double(interval)
        let anchor = state.startedAt ?? now
        let last = state.lastIterationAt ?? anchor
        guard seconds > 0 else { return last }
        let earliest = last.timeIntervalSince(anchor) + seconds / 2
        let points = max(1, (earliest / seconds).rounded(.up))
        return anchor.addingTimeInterval(points * seconds)
    }

    /// A pass is about to advance the experiment (or Git did not answer and the service checks what it last
    /// fetched). A running experiment past its deadline rolls back to the baseline before anything else:
    /// - holding since `noDataSince` for `analysis.noDataDeadlineSeconds` or longer (as ``ExperimentEvent/timePassed`` decides);
    /// - or no iteration recorded for longer than the interval plus `analysis.noDataDeadlineSeconds`: nothing
    ///   supervised it that long — Git, or the service itself, was unreachable — so there is no evidence for the
    ///   split it runs. A split waiting for a GitOps tool to apply it has a timeout of its own and is left alone.
    ///
    /// Derived from the recorded state and `now` alone, so a restarted service, or one that reads the same
    /// status again once Git answers, decides the same. Nothing happens otherwise.
    mutating func supervisionChecked(at now: Date) -> [ExperimentAction] {
        guard state.phase == .running else { return [] }
        let deadline = Double(experiment.analysis.noDataDeadlineSeconds)
        if let since = state.noDataSince {
            guard now.timeIntervalSince(since) >= deadline else { return [] }
            return finish(.noDataDeadline, reason: "holding since \(iso(since)) for longer than the deadline", at: now)
        }
        guard state.pendingWeights == nil, let last = state.lastIterationAt ?? state.startedAt,
            now.timeIntervalSince(last) - Double(interval) >= deadline
        else { return [] }
        return finish(
            .noDataDeadline,
            reason: "no iteration recorded since \(iso(last)), longer than the interval (\(interval) s) plus "
                + "noDataDeadlineSeconds (\(Int(deadline)) s): Git or the service was unreachable",
            at: now)
    }

    /// An iteration was measured and assessed.
    mutating func iterationAssessed(_ result: AnalysisResult, at now: Date) -> [ExperimentAction] {
        guard state.phase == .running else { return [] }
        state.lastIterationAt = now
        state.winner = result.winner.found ? result.winner.version : nil
        state.recommendedVersion = result.recommendedVersionForPromotion
        if result.rollback.recommended {
            return finish(.objectiveFailed, reason: result.rollback.reason ?? "a version failed an objective", at: now)
        }
        // FixedSplit "holds" by design; only missing data holds the experiment itself.
        let missingData = result.versions.contains { version in version.metrics.contains { $0.value == nil } }
        if result.traffic.held && (movesTraffic || missingData) {
            return hold(reason: "NoData", message: result.traffic.reason, at: now)
        }
        state.noDataSince = nil
        state.setCondition(
            ConditionType.metricsAvailable, true, reason: "MetricsAvailable", message: "every version reported data", at: now)
        state.completedIterations += 1
        if let end = end(after: result, at: now) { return end }
        var actions: [ExperimentAction] = []
        if movesTraffic {
            let split = Dictionary(uniqueKeysWithValues: result.traffic.weights.map { ($0.version, $0.weight) })
            if split != state.weights {
                state.pendingWeights = split
                actions.append(.setWeights(split))
            }
        }
        return actions + [.requeue(afterSeconds: Double(interval))]
    }

    /// An iteration could not be measured (metrics backend unreachable, query error): hold.
    mutating func iterationFailed(reason: String, at now: Date) -> [ExperimentAction] {
        guard state.phase == .running else { return [] }
        state.lastIterationAt = now
        return hold(reason: "MetricsUnavailable", message: reason, at: now)
    }

    var movesTraffic: Bool {
        experiment.testingPattern != .conformance && experiment.deploymentPattern != .fixedSplit && experiment.routing != .none
    }

    /// Holds the traffic, starting or continuing the no-data clock; rolls back past the deadline.
    mutating func hold(reason: String, message: String, at now: Date) -> [ExperimentAction] {
        if state.noDataSince == nil { lastHold = "\(reason): \(message)" }
        state.noDataSince = state.noDataSince ?? now
        let type = reason == "VersionsNotReady" ? ConditionType.versionsReady : ConditionType.metricsAvailable
        state.setCondition(type, false, reason: reason, message: message, at: now)
        if let since = state.noDataSince, now.timeIntervalSince(since) >= Double(experiment.analysis.noDataDeadlineSeconds) {
            return finish(.noDataDeadline, reason: "holding since \(iso(since)) (\(reason): \(message))", at: now)
        }
        return [.requeue(afterSeconds: Double(interval))]
    }

    // MARK: Weights and commits

    /// The executor applied a split (and, in `git` mode, saw the cluster show it).
    mutating func weightsApplied(_ split: [String: Int], at now: Date) -> [ExperimentAction] {
        state.weights = split
        if state.pendingWeights == split { state.pendingWeights = nil }
        state.setCondition(ConditionType.weightsApplied, true, reason: "WeightsApplied", message: describe(split), at: now)
        return []
    }

    /// The executor could not apply a split: hold (and retry on the next pass).
    mutating func weightsFailed(reason: String, at now: Date) -> [ExperimentAction] {
        state.setCondition(ConditionType.weightsApplied, false, reason: "WeightsNotApplied", message: reason, at: now)
        switch state.phase {
        case .running: return hold(reason: "WeightsNotApplied", message: reason, at: now)
        case .finishing: return [.requeue(afterSeconds: Double(min(interval, 10)))]
        default: return []
        }
    }

    /// The commit recording the end was pushed (`commit`: the end's own commit, if it has one).
    mutating func pushSucceeded(commit: String?, at now: Date) -> [ExperimentAction] {
        guard state.phase == .finishing, let plan = state.finish else { return [] }
        state.finishCommit = commit
        if plan.split.isEmpty == false { state.weights = plan.split }
        state.pendingWeights = nil
        state.setCondition(ConditionType.completed, true, reason: plan.trigger.rawValue, message: plan.reason, at: now)
        state.setCondition(
            ConditionType.rolledBack, plan.kind == .rollback, reason: plan.kind.rawValue, message: plan.reason, at: now)
        if let verdict = plan.verdict {
            let reason = switch verdict {
            case .pass: "Pass"
            case .fail: "Fail"
            case .inconclusive: "Inconclusive"
            case .none: "NoVerdict"
            }
            state.setCondition(
                ConditionType.concluded, verdict == .pass || verdict == .fail, reason: reason, message: plan.reason, at: now)
        }
        transition(to: .completed, plan.kind.rawValue)
        return []
    }

    /// The push was rejected (someone else pushed first): retry after fetching, on the next pass.
    mutating func pushRejected(at now: Date) -> [ExperimentAction] {
        state.phase == .completed ? [] : [.requeue(afterSeconds: 0)]
    }

    /// In `git` mode, what the cluster shows while a committed split is pending: applied (then time passes), still
    /// awaited (no iteration until it is: it would measure the old split), or not within `timeout` seconds of the
    /// last iteration (a failed weight change, which holds; then time passes).
    mutating func gitApplyObserved(live: [String: Int]?, timeout: Double, at now: Date) -> [ExperimentAction] {
        guard state.phase == .running, let pending = state.pendingWeights else { return timePassed(at: now) }
        var actions: [ExperimentAction]
        if let live, live == pending {
            actions = weightsApplied(live, at: now)
        } else if now.timeIntervalSince(state.lastIterationAt ?? state.startedAt ?? now) > timeout {
            actions = weightsFailed(
                reason: "the cluster did not show the committed split \(describe(pending)) within \(Int(timeout)) s; "
                    + "is the GitOps tool (Argo CD, Flux) syncing this repository?",
                at: now)
        } else {
            return [.requeue(afterSeconds: Double(interval))]
        }
        return state.phase == .running ? actions + timePassed(at: now) : actions
    }

    /// In `cluster` mode, the split on the live route: the recorded one is put back when it differs (unless a
    /// change is pending, or the experiment is not running or paused).
    func liveSplitRead(_ live: [String: Int]) -> [ExperimentAction] {
        guard state.phase == .running || state.phase == .paused, experiment.routing != .none,
            let recorded = state.weights, state.pendingWeights == nil, live != recorded
        else { return [] }
        return [.restoreWeights(recorded)]
    }

    /// A step completed: an earlier abandoned one's `Reconciled` False is cleared.
    mutating func stepCompleted(at now: Date) -> [ExperimentAction] {
        if state.condition(ConditionType.reconciled)?.status == "False" {
            state.setCondition(
                ConditionType.reconciled, true, reason: "StepCompleted", message: "the last step completed", at: now)
        }
        return []
    }

    /// The action that carries out `plan`: through a pull/merge request first when the policy reviews its kind and
    /// none was merged yet (an open one is read again), else directly.
    func finishAction(_ plan: FinishPlan) -> ExperimentAction {
        if needsReview(plan) {
            guard let review = state.review else { return .openReview(plan) }
            if review.state == .open { return .checkReview(review) }
        }
        return plan.kind == .rollback ? .rollBack(plan) : .promote(plan)
    }

    func describe(_ split: [String: Int]) -> String {
        experiment.versions.map { "\($0.name)=\(split[$0.name] ?? 0)" }.joined(separator: " ")
    }

    func iso(_ date: Date) -> String { date.formatted(.iso8601) }

    mutating func transition(to phase: ExperimentPhase, _ reason: String) {
        lastTransition = Transition(from: state.phase, to: phase, reason: reason)
        state.phase = phase
        state.reason = reason
    }
}
