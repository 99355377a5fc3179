/// Recommended weights and how they were reached.
public struct TrafficRecommendation: Codable, Sendable, Hashable {
    /// The policy applied.
    public var policy: TrafficPolicy
    /// One entry per version, in input order; weights are integers summing to 100.
    public var weights: [VersionWeight]
    /// The current weights were kept because evidence is missing (no data), or the policy keeps them.
    public var held: Bool
    /// A sentence explaining the weights.
    public var reason: String

    /// Creates a recommendation.
    public init(policy: TrafficPolicy, weights: [VersionWeight], held: Bool, reason: String) {
        self.policy = policy
        self.weights = weights
        self.held = held
        self.reason = reason
    }
}

/// One version's recommended weight.
public struct VersionWeight: Codable, Sendable, Hashable {
    /// The version's name.
    public var version: String
    /// The recommended weight (percent, integer).
    public var weight: Int
    /// The weight the policy proposed before caps and rounding (percent).
    public var proposed: Double
    /// The weight in force before this analysis.
    public var current: Int

    /// Creates a version weight.
    public init(version: String, weight: Int, proposed: Double, current: Int) {
        self.version = version
        self.weight = weight
        self.proposed = proposed
        self.current = current
    }
}
