/// One version under test and everything observed about it.
public struct VersionData: Codable, Sendable, Hashable {
    /// The version's name, unique in an analysis input.
    public var name: String
    /// Requests served so far, if known; versions below ``AnalysisSettings/minimumRequests`` are
    /// treated as having no data by the `bayes` engine. The `iter8-v1` engine uses it as the default
    /// denominator of a gauge without its own sample size.
    public var requestCount: Double?
    /// Observations by metric name; a metric missing here is ``Observation/noData``.
    public var observations: [String: Observation]

    /// Creates a version's data.
    public init(name: String, requestCount: Double? = nil, observations: [String: Observation] = [:]) {
        self.name = name
        self.requestCount = requestCount
        self.observations = observations
    }

    /// The observation of `metric` (``Observation/noData`` when absent).
    public func observation(_ metric: String) -> Observation {
        observations[metric] ?? .noData
    }
}
