import Foundation

extension ExperimentStateMachine {
    /// Delivers one event: the only way in. Clears what the previous event reported (``lastTransition``,
    /// ``lastHold``), lets the event's rule decide, and returns the actions for the executor to carry out in order.
    public mutating func handle(_ event: ExperimentEvent, at now: Date) -> [ExperimentAction] {
        lastTransition = nil
        lastHold = nil
        switch event {
        case .targetChecked(let owns, let queuedBehind):
            return targetChecked(ownsTarget: owns, queuedBehind: queuedBehind, at: now)
        case .versionsChecked(let check):
            return versionsChecked(ready: check.ready, message: check.message, currentWeights: check.currentWeights, at: now)
        case .timePassed:
            return timePassed(at: now)
        case .gitApplyObserved(let live, let timeout):
            return gitApplyObserved(live: live, timeout: timeout, at: now)
        case .liveSplitRead(let live):
            return liveSplitRead(live)
        case .supervisionChecked:
            return supervisionChecked(at: now)
        case .iterationAssessed(let result):
            return iterationAssessed(result, at: now)
        case .iterationFailed(let failure):
            return iterationFailed(reason: failure.message, at: now)
        case .weightsApplied(let split):
            return weightsApplied(split, at: now)
        case .weightsFailed(let reason):
            return weightsFailed(reason: reason, at: now)
        case .pushSucceeded(let commit):
            return pushSucceeded(commit: commit, at: now)
        case .pushRejected:
            return pushRejected(at: now)
        case .specChanged(let experiment):
            return specChanged(experiment, at: now)
        case .specDeleted:
            return specDeleted(at: now)
        case .manualOverride(let override):
            return manualOverride(override, at: now)
        case .stepCompleted:
            return stepCompleted(at: now)
        case .reviewOpened(let request):
            return reviewOpened(request, at: now)
        case .reviewObserved(let state):
            return reviewObserved(state, at: now)
        case .reviewFailed(let reason):
            return reviewFailed(reason: reason, at: now)
        }
    }
}
