/// The engine's call on the experiment as a whole, from all the evidence so far: whether the winner in
/// ``AnalysisResult/winner`` is established, whether no candidate can win any more, or neither yet.
///
/// The state machine acts on it by `spec.duration.mode`: an adaptive experiment ends on a decisive outcome
/// (a failure at once, a winner after `minIterations`) and extends while undecided; a fixed one ends after its
/// planned iterations whatever the outcome says, and an undecided end is reported as inconclusive.
public struct ExperimentDecision: Codable, Sendable, Hashable {
    /// The three possible calls.
    public enum Outcome: String, Codable, Sendable, Hashable {
        /// The winner (a candidate, or the baseline) is established with the decision confidence.
        case winner
        /// No candidate can win: each fails an objective (Conformance: the baseline fails one).
        case failed
        /// The evidence allows neither yet.
        case undecided
    }

    /// The call.
    public var outcome: Outcome
    /// Why, in one sentence.
    public var reason: String
    /// For an undecided call: the requests per version that the evidence so far suggests a decision needs
    /// (nil when it cannot be estimated, for example without data).
    public var requiredRequests: Double?

    /// Creates a decision.
    public init(outcome: Outcome, reason: String, requiredRequests: Double? = nil) {
        self.outcome = outcome
        self.reason = reason
        self.requiredRequests = requiredRequests
    }
}
