import Foundation

extension ExperimentStateMachine {
    // MARK: Control through Git

    /// The spec file changed (a new commit). The machine adopts the new spec; a change to the set of
    /// versions, the target or the route of a started experiment ends it towards the baseline (on the old
    /// route), and a change of `manualOverride` is handled as ``manualOverride(_:at:)`` (the spec's override
    /// is declarative: removing a pause resumes).
    mutating func specChanged(_ new: Experiment, at now: Date) -> [ExperimentAction] {
        let old = experiment
        guard state.phase != .completed else { return [] }
        let started = state.phase == .running || state.phase == .paused
        if started && old.versions.map(\.name) != new.versions.map(\.name) {
            return finish(.specChanged, reason: "the versions changed while the experiment ran", at: now)
        }
        // The split lives on the old route: end there (the machine keeps the old spec for the rollback).
        if started && (old.target != new.target || old.routing != new.routing) {
            return finish(
                .specChanged, reason: "the target or its route changed while the experiment ran (was \(old.target))", at: now)
        }
        experiment = new
        var actions: [ExperimentAction] = []
        if new.manualOverride != old.manualOverride {
            if let override = new.manualOverride {
                actions = manualOverride(override, at: now)
            } else if state.phase == .paused {
                actions = manualOverride(ManualOverride(action: .resume), at: now)
            }
        }
        return actions
    }

    /// The spec file was deleted: a started experiment ends towards the baseline (or keeps the last split
    /// when `onTermination` is `keep_last`); one that never started just completes.
    mutating func specDeleted(at now: Date) -> [ExperimentAction] {
        switch state.phase {
        case .waiting, .initializing:
            return completeWithoutTraffic(reason: "SpecDeleted", message: "the spec was deleted before the experiment started", at: now)
        case .running, .paused:
            return finish(.specDeleted, reason: "the spec was deleted", at: now)
        case .finishing, .awaitingMerge, .completed:
            return []
        }
    }

    /// A human's pause, resume or terminate.
    mutating func manualOverride(_ override: ManualOverride, at now: Date) -> [ExperimentAction] {
        switch (override.action, state.phase) {
        case (.pause, .waiting), (.pause, .initializing), (.pause, .running):
            transition(to: .paused, "ManualPause")
            return []
        case (.resume, .paused):
            transition(to: state.startedAt == nil ? .waiting : .running, "ManualResume")
            state.lastIterationAt = now  // the next iteration is the first of the schedule at least half an interval after the resume
            state.noDataSince = nil
            return [.requeue(afterSeconds: Double(interval))]
        case (.terminate, .waiting):
            return completeWithoutTraffic(reason: "ManualTerminate", message: "terminated before it started", at: now)
        case (.terminate, .initializing), (.terminate, .running), (.terminate, .paused):
            if state.startedAt == nil {
                return completeWithoutTraffic(reason: "ManualTerminate", message: "terminated before it started", at: now)
            }
            return finish(.manualTerminate, reason: "terminated by manualOverride", split: override.trafficSplit, at: now)
        default:
            return []
        }
    }

    // MARK: Ending

    /// Decides the final split for `trigger` and asks for it to be applied and committed; `verdict` overrides the
    /// one ``verdict(of:)`` derives.
    mutating func finish(
        _ trigger: FinishPlan.Trigger, reason: String? = nil, split userSplit: [String: Int]? = nil,
        verdict: FinishPlan.Verdict? = nil, at now: Date
    ) -> [ExperimentAction] {
        var plan = finishPlan(trigger, reason: reason, userSplit: userSplit)
        plan.verdict = verdict ?? self.verdict(of: trigger)
        state.finish = plan
        state.noDataSince = nil
        transition(to: .finishing, trigger.rawValue)
        return [finishAction(plan)]
    }

    func finishPlan(_ trigger: FinishPlan.Trigger, reason: String?, userSplit: [String: Int]?) -> FinishPlan {
        let baseline = experiment.baseline.name
        let toBaseline = Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, $0.name == baseline ? 100 : 0) })
        func all(to version: String) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, $0.name == version ? 100 : 0) })
        }
        if experiment.routing == .none {  // Conformance: no traffic to move, only a verdict
            let passed = trigger == .completed && state.winner == baseline
            return FinishPlan(
                kind: .keepLast, trigger: trigger, version: passed ? baseline : nil, split: [:],
                reason: reason ?? (passed ? "\(baseline) meets every objective" : "\(baseline) did not meet every objective"))
        }
        switch trigger {
        case .objectiveFailed, .noDataDeadline, .specChanged, .requestClosed:
            return FinishPlan(kind: .rollback, trigger: trigger, version: baseline, split: toBaseline, reason: reason ?? trigger.rawValue)
        case .manualTerminate:
            if let userSplit {
                return FinishPlan(
                    kind: .userSplit, trigger: trigger, version: nil,
                    split: Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, userSplit[$0.name] ?? 0) }),
                    reason: "\(reason ?? "terminated"), with the split it gives")
            }
            return FinishPlan(kind: .rollback, trigger: trigger, version: baseline, split: toBaseline, reason: "\(reason ?? "terminated"), to the baseline")
        case .specDeleted, .completed, .inconclusive:
            switch experiment.promotion.onTermination {
            case .keepLast:
                return FinishPlan(
                    kind: .keepLast, trigger: trigger, version: nil, split: state.weights ?? toBaseline,
                    reason: "\(reason ?? "all \(experiment.totalIterations) iterations completed"); keep_last keeps the split")
            case .toBaseline:
                return FinishPlan(
                    kind: .rollback, trigger: trigger, version: baseline, split: toBaseline,
                    reason: "\(reason ?? "all \(experiment.totalIterations) iterations completed"); to_baseline")
            case .toWinner:
                if trigger == .completed, let winner = state.winner, winner != baseline {
                    return FinishPlan(
                        kind: .promotion, trigger: trigger, version: winner, split: all(to: winner),
                        reason: "\(winner) won after \(state.completedIterations) iterations" + (reason.map { ": \($0)" } ?? ""))
                }
                let why = trigger == .specDeleted ? (reason ?? "the spec was deleted")
                    : trigger == .inconclusive ? (reason ?? "the evidence was inconclusive")
                    : state.winner == baseline ? reason.map { "the baseline \(baseline) won: \($0)" } ?? "the baseline \(baseline) won"
                    : "no winner was found"
                return FinishPlan(kind: .rollback, trigger: trigger, version: baseline, split: toBaseline, reason: why)
            }
        }
    }

    /// The evidence's verdict for an end by `trigger`: from the last winner when all iterations completed.
    func verdict(of trigger: FinishPlan.Trigger) -> FinishPlan.Verdict {
        switch trigger {
        case .objectiveFailed: return .fail
        case .inconclusive: return .inconclusive
        case .noDataDeadline, .manualTerminate, .specDeleted, .specChanged, .requestClosed: return .none
        case .completed:
            guard let winner = state.winner else { return .inconclusive }
            let conformance = experiment.testingPattern == .conformance
            return conformance || winner != experiment.baseline.name || experiment.testingPattern.usesReward ? .pass : .fail
        }
    }

    mutating func completeWithoutTraffic(reason: String, message: String, at now: Date) -> [ExperimentAction] {
        state.setCondition(ConditionType.completed, true, reason: reason, message: message, at: now)
        transition(to: .completed, reason)
        return []
    }
}
