/// One objective for one version.
public struct ObjectiveAssessment: Codable, Sendable, Hashable {
    /// The metric's name.
    public var metric: String
    /// The objective's upper limit as written (a factor when relative).
    public var upperLimit: Double?
    /// The objective's lower limit as written (a factor when relative).
    public var lowerLimit: Double?
    /// Whether the limits are factors of the baseline's value.
    public var relativeToBaseline: Bool
    /// The point value is outside the limits (iter8's `threshold_breached`); nil without data.
    public var thresholdBreached: Bool?
    /// The posterior probability that the true value satisfies the objective; nil without data.
    public var probabilitySatisfied: Double?
    /// The verdict at the analysis' confidence.
    public var assessment: Assessment
    /// For an inconclusive verdict: the observations the evidence so far suggests a verdict needs (`bayes` 2).
    public var requiredSampleSize: Double?

    /// Creates an objective assessment.
    public init(
        metric: String, upperLimit: Double?, lowerLimit: Double?, relativeToBaseline: Bool,
        thresholdBreached: Bool?, probabilitySatisfied: Double?, assessment: Assessment, requiredSampleSize: Double? = nil
    ) {
        self.requiredSampleSize = requiredSampleSize
        self.metric = metric
        self.upperLimit = upperLimit
        self.lowerLimit = lowerLimit
        self.relativeToBaseline = relativeToBaseline
        self.thresholdBreached = thresholdBreached
        self.probabilitySatisfied = probabilitySatisfied
        self.assessment = assessment
    }
}
