import Experiments

/// The one line for people that a notification carries.
enum NotificationText {
    /// `reviews-v2 promoted in bookinfo/reviews-canary after 3 iterations: <reason>`.
    static func line(experiment: String, kind: ExperimentOutcome.Kind, iteration: Int) -> String {
        switch kind {
        case .started:
            return "\(experiment) started"
        case .weightsChanged(let split):
            let weights = split.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(experiment): traffic moves to \(weights) after iteration \(iteration)"
        case .held(let reason):
            return "\(experiment): traffic held at iteration \(iteration): \(reason)"
        case .promoted(let plan):
            return "\(experiment): \(plan.version ?? "the winner") promoted after \(iteration) iterations: \(plan.reason)"
        case .rolledBack(let plan):
            return "\(experiment): rolled back to \(plan.version ?? "the baseline") after \(iteration) iterations: \(plan.reason)"
        case .inconclusive(let plan):
            return "\(experiment): inconclusive after \(iteration) iterations: \(plan.reason)"
        case .failed(let plan):
            return "\(experiment): failed after \(iteration) iterations: \(plan.reason)"
        case .ended(let plan):
            let weights = plan.split.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            return "\(experiment): ended at \(weights) after \(iteration) iterations: \(plan.reason)"
        }
    }
}
