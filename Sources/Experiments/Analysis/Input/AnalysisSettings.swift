/// Tunable parameters of an analysis. Every default is documented on its property; an engine that has
/// its own historic default (iter8 v1) uses it where a property is nil.
public struct AnalysisSettings: Codable, Sendable, Hashable {
    /// An objective passes when P(satisfied) ≥ confidence and fails when P(violated) ≥ confidence;
    /// also the mass of the reported credible intervals (`iter8-v1` reports 95 % intervals always).
    /// Default 0.95.
    public var confidence: Double
    /// A winner is declared when its probability of being best exceeds this. Nil = the engine's default:
    /// 0.99 for `iter8-v1` (iter8's `min_posterior_probability_for_winner`), 0.95 for `bayes`.
    public var winnerThreshold: Double?
    /// Monte-Carlo draws per posterior. Default 10,000.
    public var sampleCount: Int
    /// The seed of every random draw; record it to replay a decision. Default 0.
    public var seed: UInt64
    /// `bayes` only: a version with a known ``VersionData/requestCount`` below this has no data yet.
    /// Default 10.
    public var minimumRequests: Double
    /// How weights are recommended. Default ``TrafficPolicy/progressive``.
    public var trafficPolicy: TrafficPolicy
    /// The share of traffic spread uniformly for exploration. Default 0.1 (iter8 v1.x and v2).
    public var explorationShare: Double
    /// The largest weight (percent) any one candidate may get. Default 100.
    public var maxCandidateWeight: Double
    /// The largest increase (percentage points) of a candidate's weight over its current weight in one
    /// step. Nil = the engine's default: 2 for `iter8-v1` (iter8 v1 `max_increment`), 10 for `bayes`
    /// (iter8 v2 `maxCandidateWeightIncrement`).
    public var maxCandidateWeightIncrement: Double?
    /// The weights in force now, one per version in input order, summing to 100. Nil = 100 % baseline.
    public var currentWeights: [Int]?
    /// `bayes` 2 and later: the relative margin around each limit (and around the best reward) inside which
    /// either verdict is acceptable. It sets how much evidence a verdict needs, never which side of the limit
    /// wins. Nil = ``BayesEngine/defaultTolerance`` (0.1).
    public var tolerance: Double?

    /// Creates settings; every parameter has the documented default.
    public init(
        confidence: Double = 0.95, winnerThreshold: Double? = nil, sampleCount: Int = 10_000,
        seed: UInt64 = 0, minimumRequests: Double = 10, trafficPolicy: TrafficPolicy = .progressive,
        explorationShare: Double = 0.1, maxCandidateWeight: Double = 100,
        maxCandidateWeightIncrement: Double? = nil, currentWeights: [Int]? = nil, tolerance: Double? = nil
    ) {
        self.tolerance = tolerance
        self.confidence = confidence
        self.winnerThreshold = winnerThreshold
        self.sampleCount = sampleCount
        self.seed = seed
        self.minimumRequests = minimumRequests
        self.trafficPolicy = trafficPolicy
        self.explorationShare = explorationShare
        self.maxCandidateWeight = maxCandidateWeight
        self.maxCandidateWeightIncrement = maxCandidateWeightIncrement
        self.currentWeights = currentWeights
    }
}
