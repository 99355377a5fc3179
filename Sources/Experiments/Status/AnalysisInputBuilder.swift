/// Builds the analysis input of one iteration from a validated experiment, its resolved metrics and the
/// observations measured for each version. Pure: the executor measures, this maps.
public enum AnalysisInputBuilder {
    /// The analysis input for one iteration.
    ///
    /// - Parameters:
    ///   - experiment: the validated experiment.
    ///   - metrics: the experiment's metrics by reference text (``MetricCatalog/resolve(_:)``).
    ///   - observations: per version name, per metric reference text, what was measured (missing means no data).
    ///   - requestCounts: per version name, the request count, when the experiment names a request-count metric.
    ///   - currentWeights: the live split by version name.
    ///   - seed: this iteration's seed (``Seeds/iteration(_:base:)``).
    public static func input(
        for experiment: Experiment, metrics: [String: MetricDefinition], observations: [String: [String: Observation]],
        requestCounts: [String: Double] = [:], currentWeights: [String: Int]?, seed: UInt64
    ) -> AnalysisInput {
        let criteria = experiment.criteria
        var references = criteria.objectives.map(\.metric.description)
        if let reward = criteria.reward { references.append(reward.metric.description) }
        references += criteria.indicators.map(\.description)
        var seen: Set<String> = []
        let descriptors = references.filter { seen.insert($0).inserted }.map { reference in
            MetricDescriptor(name: reference, kind: metrics[reference].map { kind(of: $0) } ?? .gauge)
        }
        let versions = experiment.versions.map { version in
            VersionData(
                name: version.name, requestCount: requestCounts[version.name],
                observations: observations[version.name] ?? [:])
        }
        let objectives = criteria.objectives.map {
            Objective(
                metric: $0.metric.description, upperLimit: $0.upperLimit?.value, lowerLimit: $0.lowerLimit?.value,
                relativeToBaseline: $0.relativeToBaseline, rollbackOnFailure: $0.rollbackOnFailure)
        }
        let analysis = experiment.analysis
        let settings = AnalysisSettings(
            confidence: analysis.confidence, winnerThreshold: analysis.winnerProbability, sampleCount: analysis.samples,
            seed: seed, minimumRequests: Double(analysis.minRequestsPerVersion), trafficPolicy: trafficPolicy(experiment),
            explorationShare: analysis.explorationShare,
            maxCandidateWeight: Double(experiment.weightCaps.maxCandidateWeight),
            maxCandidateWeightIncrement: Double(experiment.weightCaps.maxCandidateWeightIncrement),
            currentWeights: currentWeights.map { weights in experiment.versions.map { weights[$0.name] ?? 0 } },
            tolerance: analysis.engine == .bayes ? analysis.tolerance : nil)
        return AnalysisInput(
            versions: versions, testingPattern: experiment.testingPattern, metrics: descriptors, objectives: objectives,
            reward: criteria.reward.map { Reward(metric: $0.metric.description, preferredDirection: $0.preferredDirection) },
            settings: settings)
    }

    /// How the engines model a metric.
    public static func kind(of metric: MetricDefinition) -> MetricKind {
        switch metric.model {
        case .counter: .counter
        case .gauge: .gauge
        case .ratio, .histogramFraction: .ratio
        case .histogramMean: .meanFromHistogram
        case .histogramQuantile(let q, _): .percentile((q * 100 * 1e9).rounded() / 1e9)  // 0.29 * 100 is 28.999…
        }
    }

    /// The traffic policy: the deployment pattern's, or for Progressive the spec's policy.
    public static func trafficPolicy(_ experiment: Experiment) -> TrafficPolicy {
        switch experiment.deploymentPattern {
        case .fixedSplit: .fixedSplit
        case .blueGreen: .blueGreen
        case .progressive:
            switch experiment.analysis.trafficPolicy {
            case .progressive: .progressive
            case .top2: .top2
            case .uniform: .uniform
            }
        }
    }
}
