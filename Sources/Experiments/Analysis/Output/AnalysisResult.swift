/// The complete, explainable outcome of one assessment: plain Codable structs with no dictionaries,
/// NaN or infinities, so the same input and seed always give the same value.
///
/// For the same bytes, encode with `JSONEncoder.OutputFormatting.sortedKeys`: Foundation's
/// `JSONEncoder` on Linux does not keep declaration order (its key order varies between runs).
public struct AnalysisResult: Codable, Sendable, Hashable {
    /// The engine's name (`iter8-v1` or `bayes`).
    public var engine: String
    /// The engine's version (``AnalysisEngine/version``); absent in records written before versions were
    /// recorded, which count as version 1.
    public var engineVersion: Int?
    /// The seed of every random draw.
    public var seed: UInt64
    /// Monte-Carlo draws per posterior.
    public var sampleCount: Int
    /// The testing pattern decided on.
    public var testingPattern: TestingPattern
    /// The confidence used for pass / fail and credible intervals.
    public var confidence: Double
    /// The winner threshold used.
    public var winnerThreshold: Double
    /// One entry per version, in input order (baseline first).
    public var versions: [VersionAssessment]
    /// The version most likely to be best now (nil when none can be named).
    public var bestVersion: String?
    /// The winner decision.
    public var winner: WinnerAssessment
    /// The winner when found, otherwise the baseline (iter8 v2 `versionRecommendedForPromotion`).
    public var recommendedVersionForPromotion: String
    /// Whether a rollback objective failed.
    public var rollback: RollbackAssessment
    /// The recommended weights.
    public var traffic: TrafficRecommendation
    /// The call on the experiment as a whole; absent in records of version-1 engines.
    public var decision: ExperimentDecision?
    /// Set in an iteration record whose non-integral numbers are kept to this many significant digits
    /// (``recorded(significantDigits:)``); absent in an engine's own output and in records that keep them exact.
    public var significantDigits: Int? = nil

    /// Creates a result.
    public init(
        engine: String, seed: UInt64, sampleCount: Int, testingPattern: TestingPattern, confidence: Double,
        winnerThreshold: Double, versions: [VersionAssessment], bestVersion: String?,
        winner: WinnerAssessment, recommendedVersionForPromotion: String, rollback: RollbackAssessment,
        traffic: TrafficRecommendation, engineVersion: Int? = nil, decision: ExperimentDecision? = nil
    ) {
        self.engine = engine
        self.engineVersion = engineVersion
        self.decision = decision
        self.seed = seed
        self.sampleCount = sampleCount
        self.testingPattern = testingPattern
        self.confidence = confidence
        self.winnerThreshold = winnerThreshold
        self.versions = versions
        self.bestVersion = bestVersion
        self.winner = winner
        self.recommendedVersionForPromotion = recommendedVersionForPromotion
        self.rollback = rollback
        self.traffic = traffic
    }

    /// The engine version that wrote this result (1 when the record predates versions).
    public var recordedEngineVersion: Int { engineVersion ?? 1 }

    /// The recommended weight of `version`, if it is in the result.
    public func weight(of version: String) -> Int? {
        traffic.weights.first { $0.version == version }?.weight
    }

    /// The assessment of `version`, if it is in the result.
    public func version(_ name: String) -> VersionAssessment? {
        versions.first { $0.name == name }
    }
}
