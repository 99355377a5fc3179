/// Everything assessed about one version.
public struct VersionAssessment: Codable, Sendable, Hashable {
    /// The version's name.
    public var name: String
    /// Whether this is the baseline (the first version).
    public var isBaseline: Bool
    /// Requests served so far, if known.
    public var requestCount: Double?
    /// Every metric used by an objective or the reward, in first-use order (objectives, then reward).
    public var metrics: [MetricAssessment]
    /// One entry per objective, in objective order.
    public var objectives: [ObjectiveAssessment]
    /// Every objective passes (true when there are no objectives).
    public var feasible: Bool
    /// At least one objective fails.
    public var failed: Bool
    /// The probability of being the best version (the winner's criterion; see the engine's docs for
    /// the set of versions it is computed over).
    public var winProbability: Double

    /// Creates a version assessment.
    public init(
        name: String, isBaseline: Bool, requestCount: Double?, metrics: [MetricAssessment],
        objectives: [ObjectiveAssessment], feasible: Bool, failed: Bool, winProbability: Double
    ) {
        self.name = name
        self.isBaseline = isBaseline
        self.requestCount = requestCount
        self.metrics = metrics
        self.objectives = objectives
        self.feasible = feasible
        self.failed = failed
        self.winProbability = winProbability
    }
}
