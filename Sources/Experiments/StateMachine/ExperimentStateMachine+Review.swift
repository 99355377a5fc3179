import Foundation

extension ExperimentStateMachine {
    // MARK: Ends reviewed in a pull/merge request

    /// The policy that applies: the spec's `promotion.pullRequest`, else the service's default.
    public var reviewPolicy: ReviewPolicy { experiment.promotion.pullRequest ?? reviewDefault }

    /// Whether `plan` waits for a merged request: its kind is reviewed, and no request for this end was closed (a
    /// closed request is people's answer; the end that replaces it is not asked for again).
    func needsReview(_ plan: FinishPlan) -> Bool {
        guard !plan.split.isEmpty, experiment.routing != .none else { return false }
        return reviewPolicy.reviews(plan.kind) && state.review?.state != .closed
    }

    /// The request for the decided end is open (or was found in a later state after a restart): wait for it in
    /// `AwaitingMerge`.
    mutating func reviewOpened(_ request: ReviewRequest, at now: Date) -> [ExperimentAction] {
        guard state.phase == .finishing || state.phase == .awaitingMerge, state.finish != nil else { return [] }
        state.review = request
        guard request.state == .open else { return reviewObserved(request.state, at: now) }
        state.setCondition(
            ConditionType.requestMerged, false, reason: "Open", message: "waiting for \(request.url) to be merged", at: now)
        if state.phase != .awaitingMerge { transition(to: .awaitingMerge, "RequestOpened") }
        return [.requeue(afterSeconds: Double(interval))]
    }

    /// The request's state: still open (wait), merged (carry out the end), or closed unmerged (end without it).
    ///
    /// A closed request refused the end it carried. The experiment then ends without it, applied directly: a
    /// refused rollback keeps the split now live (`keep_last`); a refused promotion (or kept or user-given split)
    /// goes back to the baseline, unless the spec's `onTermination` is `keep_last`, which keeps the split now live.
    /// The verdict stays the evidence's.
    mutating func reviewObserved(_ observed: ReviewRequest.State, at now: Date) -> [ExperimentAction] {
        guard state.phase == .awaitingMerge || state.phase == .finishing, var request = state.review,
            let plan = state.finish
        else { return [] }
        request.state = observed
        state.review = request
        switch observed {
        case .open:
            return [.requeue(afterSeconds: Double(interval))]
        case .merged:
            state.setCondition(ConditionType.requestMerged, true, reason: "Merged", message: "\(request.url) was merged", at: now)
            transition(to: .finishing, "RequestMerged")
            return [finishAction(plan)]
        case .closed:
            let replacement = closedPlan(refusing: plan, request: request)
            state.setCondition(
                ConditionType.requestMerged, false, reason: "Closed",
                message: "\(request.url) was closed unmerged: \(replacement.reason)", at: now)
            state.finish = replacement
            transition(to: .finishing, "RequestClosed")
            return [finishAction(replacement)]
        }
    }

    /// The request could not be opened or read: try again after an interval (at most a minute); the traffic stays.
    mutating func reviewFailed(reason: String, at now: Date) -> [ExperimentAction] {
        guard state.phase == .finishing || state.phase == .awaitingMerge else { return [] }
        if state.review == nil {
            state.setCondition(ConditionType.requestMerged, false, reason: "RequestFailed", message: reason, at: now)
        }
        return [.requeue(afterSeconds: Double(min(interval, 60)))]
    }

    /// The end that replaces `plan` when its request was closed unmerged.
    func closedPlan(refusing plan: FinishPlan, request: ReviewRequest) -> FinishPlan {
        let live = state.weights ?? plan.split
        let baseline = experiment.baseline.name
        let keep = plan.kind == .rollback || experiment.promotion.onTermination == .keepLast
        let what = plan.kind == .promotion ? "the promotion of \(plan.version ?? "the winner")" : "the \(plan.kind.rawValue)"
        if keep {
            return FinishPlan(
                kind: .keepLast, trigger: .requestClosed, version: nil, split: live,
                reason: "\(what) was refused (\(request.url) closed unmerged); the split now live stays",
                verdict: plan.verdict)
        }
        let toBaseline = Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, $0.name == baseline ? 100 : 0) })
        return FinishPlan(
            kind: .rollback, trigger: .requestClosed, version: baseline, split: toBaseline,
            reason: "\(what) was refused (\(request.url) closed unmerged); back to the baseline \(baseline)",
            verdict: plan.verdict)
    }
}
