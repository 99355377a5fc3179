/// One metric of one version: the point value and the posterior belief about the true value.
public struct MetricAssessment: Codable, Sendable, Hashable {
    /// The metric's name.
    public var metric: String
    /// The observed point value (ratio, histogram mean or quantile, gauge, counter), nil without data.
    public var value: Double?
    /// The number of observations behind the value (trials, histogram count), if known.
    public var sampleSize: Double?
    /// The model behind the posterior, for example `beta(12.5, 4988.5)`; nil without data.
    public var model: String?
    /// The posterior's mean and credible interval; nil without data (or for a counter).
    public var posterior: PosteriorSummary?

    /// Creates a metric assessment.
    public init(
        metric: String, value: Double?, sampleSize: Double?, model: String?, posterior: PosteriorSummary?
    ) {
        self.metric = metric
        self.value = value
        self.sampleSize = sampleSize
        self.model = model
        self.posterior = posterior
    }
}

/// A posterior's mean and equal-tailed credible interval.
public struct PosteriorSummary: Codable, Sendable, Hashable {
    /// The posterior mean.
    public var mean: Double
    /// The lower end of the credible interval.
    public var lower: Double
    /// The upper end of the credible interval.
    public var upper: Double

    /// Creates a summary.
    public init(mean: Double, lower: Double, upper: Double) {
        self.mean = mean
        self.lower = lower
        self.upper = upper
    }
}
