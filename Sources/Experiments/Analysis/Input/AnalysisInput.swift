/// Everything an engine needs to assess an experiment once: independent of any file format (the
/// Experiment spec is mapped onto it) and of any metrics backend (observations are plain values).
public struct AnalysisInput: Codable, Sendable, Hashable {
    /// The baseline first, then the candidates, in a stable order (the order of every output list).
    public var versions: [VersionData]
    /// How the experiment decides.
    public var testingPattern: TestingPattern
    /// Descriptors of every metric that objectives and reward refer to.
    public var metrics: [MetricDescriptor]
    /// Objectives in spec order (the order of every per-objective output list).
    public var objectives: [Objective]
    /// The reward, required for A/B and A/B/N.
    public var reward: Reward?
    /// Tunable parameters.
    public var settings: AnalysisSettings

    /// Creates an input.
    public init(
        versions: [VersionData], testingPattern: TestingPattern, metrics: [MetricDescriptor],
        objectives: [Objective], reward: Reward? = nil, settings: AnalysisSettings = AnalysisSettings()
    ) {
        self.versions = versions
        self.testingPattern = testingPattern
        self.metrics = metrics
        self.objectives = objectives
        self.reward = reward
        self.settings = settings
    }

    /// The descriptor of `name`, if declared.
    public func metric(named name: String) -> MetricDescriptor? {
        metrics.first { $0.name == name }
    }

    /// The current weights, or 100 % baseline when none are given.
    public var currentWeights: [Int] {
        settings.currentWeights ?? versions.indices.map { $0 == 0 ? 100 : 0 }
    }
}
