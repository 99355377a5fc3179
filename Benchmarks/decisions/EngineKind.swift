import Experiments

/// The deciders compared: the project's two engines through its state machine, and two baselines.
enum EngineKind: String, CaseIterable, Sendable, Codable {
    case bayes
    case iter8V1 = "iter8-v1"
    case stepper
    case v2Rules = "v2-rules"

    /// The project engine a spec selects, or nil for a baseline.
    var analysisEngine: AnalysisEngineKind? {
        switch self {
        case .bayes: .bayes
        case .iter8V1: .iter8V1
        case .stepper, .v2Rules: nil
        }
    }

    /// Whether the decider has a meaning for the pattern (the stepper only runs canaries).
    func runs(_ pattern: Scenario.Pattern) -> Bool {
        self != .stepper || pattern == .canary
    }
}
