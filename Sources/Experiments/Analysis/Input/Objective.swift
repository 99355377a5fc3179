/// A limit on a metric that every version should satisfy (iter8 v2 `criteria.objectives`, iter8 v1
/// thresholded `criteria`). At least one of the limits is set; both limits are inclusive.
public struct Objective: Codable, Sendable, Hashable {
    /// The metric's name (a ``MetricDescriptor/name``).
    public var metric: String
    /// The value must be ≤ this limit.
    public var upperLimit: Double?
    /// The value must be ≥ this limit.
    public var lowerLimit: Double?
    /// iter8 v1 "relative" thresholds: the limits are factors of the baseline's value (for example
    /// `upperLimit: 1.1` = at most 10 % above the baseline).
    public var relativeToBaseline: Bool
    /// When a version conclusively fails this objective, the result recommends a rollback (iter8 v2
    /// `rollback_on_failure`).
    public var rollbackOnFailure: Bool

    /// Creates an objective.
    public init(
        metric: String, upperLimit: Double? = nil, lowerLimit: Double? = nil,
        relativeToBaseline: Bool = false, rollbackOnFailure: Bool = false
    ) {
        self.metric = metric
        self.upperLimit = upperLimit
        self.lowerLimit = lowerLimit
        self.relativeToBaseline = relativeToBaseline
        self.rollbackOnFailure = rollbackOnFailure
    }
}

/// The metric to optimise in A/B and A/B/N tests (iter8 v2 `criteria.rewards`, v1 `isReward`).
public struct Reward: Codable, Sendable, Hashable {
    /// Which direction is better.
    public enum Direction: String, Codable, Sendable, Hashable {
        /// Higher values are better (iter8 `High`).
        case high = "High"
        /// Lower values are better (iter8 `Low`).
        case low = "Low"
    }

    /// The metric's name.
    public var metric: String
    /// The preferred direction.
    public var preferredDirection: Direction

    /// Creates a reward.
    public init(metric: String, preferredDirection: Direction) {
        self.metric = metric
        self.preferredDirection = preferredDirection
    }
}
