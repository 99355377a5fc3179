/// How an experiment decides, after iter8 v2's `spec.strategy.testingPattern`.
///
/// The raw values are iter8's spellings.
public enum TestingPattern: String, Codable, Sendable, Hashable, CaseIterable {
    /// One baseline, one candidate, no reward: the candidate wins if it satisfies every objective.
    case canary = "Canary"
    /// One baseline, one candidate, one reward: the better feasible version wins.
    case abTest = "A/B"
    /// One baseline, one or more candidates, one reward: the best feasible version wins.
    case abnTest = "A/B/N"
    /// Only a baseline: it wins if it satisfies every objective.
    case conformance = "Conformance"

    /// True for A/B and A/B/N, which choose the winner by a reward.
    public var usesReward: Bool { self == .abTest || self == .abnTest }
}
