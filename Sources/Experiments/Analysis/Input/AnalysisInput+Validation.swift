extension AnalysisInput {
    /// Checks the structure every engine relies on: at least one version, unique names, declared
    /// metrics, objectives with finite limits, settings in range, and current weights (if given) that
    /// are one non-negative integer per version summing to 100.
    ///
    /// With `patternRules`, also iter8 v2's rules: Conformance has no candidate and no reward, Canary
    /// exactly one candidate and no reward, A/B exactly one candidate and a reward, A/B/N at least one
    /// candidate and a reward.
    public func validate(patternRules: Bool) throws(AnalysisError) {
        guard !versions.isEmpty else {
            throw AnalysisError(.invalidVersions, "an analysis needs at least a baseline version")
        }
        var names = Set<String>()
        for version in versions where !names.insert(version.name).inserted {
            throw AnalysisError(.invalidVersions, "version '\(version.name)' is listed twice")
        }
        var metricNames = Set<String>()
        for metric in metrics where !metricNames.insert(metric.name).inserted {
            throw AnalysisError(.unknownMetric, "metric '\(metric.name)' is declared twice")
        }
        for metric in metrics {
            if case let .percentile(p) = metric.kind, !(p > 0 && p < 100) {
                throw AnalysisError(.unknownMetric, "metric '\(metric.name)': percentile \(p) is not in (0, 100)")
            }
        }
        for objective in objectives {
            guard metricNames.contains(objective.metric) else {
                throw AnalysisError(.unknownMetric, "objective on undeclared metric '\(objective.metric)'")
            }
            guard objective.upperLimit != nil || objective.lowerLimit != nil else {
                throw AnalysisError(.invalidObjective, "objective on '\(objective.metric)' has no limit")
            }
            for limit in [objective.upperLimit, objective.lowerLimit].compactMap({ $0 }) where !limit.isFinite {
                throw AnalysisError(.invalidObjective, "objective on '\(objective.metric)' has a non-finite limit")
            }
        }
        if let reward, !metricNames.contains(reward.metric) {
            throw AnalysisError(.unknownMetric, "reward on undeclared metric '\(reward.metric)'")
        }
        for version in versions {
            for (metric, observation) in version.observations.sorted(by: { $0.key < $1.key }) {
                if let why = observation.implausibility {
                    throw AnalysisError(.implausibleObservation, "version '\(version.name)', metric '\(metric)': \(why)")
                }
            }
        }
        try validateSettings()
        if patternRules { try validatePattern() }
    }

    private func validateSettings() throws(AnalysisError) {
        let s = settings
        guard s.confidence > 0.5 && s.confidence < 1 else {
            throw AnalysisError(.invalidSettings, "confidence \(s.confidence) is not in (0.5, 1)")
        }
        if let threshold = s.winnerThreshold, !(threshold > 0 && threshold < 1) {
            throw AnalysisError(.invalidSettings, "winner threshold \(threshold) is not in (0, 1)")
        }
        guard s.sampleCount >= 1 && s.sampleCount <= 10_000_000 else {
            throw AnalysisError(.invalidSettings, "sample count \(s.sampleCount) is not in 1…10,000,000")
        }
        guard s.explorationShare >= 0 && s.explorationShare <= 1 else {
            throw AnalysisError(.invalidSettings, "exploration share \(s.explorationShare) is not in [0, 1]")
        }
        if let tolerance = s.tolerance, !(tolerance >= 0 && tolerance <= 0.5) {
            throw AnalysisError(.invalidSettings, "tolerance \(tolerance) is not in [0, 0.5]")
        }
        guard s.maxCandidateWeight >= 0 && s.maxCandidateWeight <= 100 else {
            throw AnalysisError(.invalidSettings, "maxCandidateWeight \(s.maxCandidateWeight) is not in [0, 100]")
        }
        if let increment = s.maxCandidateWeightIncrement, !(increment >= 0 && increment <= 100) {
            throw AnalysisError(.invalidSettings, "maxCandidateWeightIncrement \(increment) is not in [0, 100]")
        }
        guard s.minimumRequests >= 0 && s.minimumRequests.isFinite else {
            throw AnalysisError(.invalidSettings, "minimumRequests \(s.minimumRequests) is negative")
        }
        if let weights = s.currentWeights {
            guard weights.count == versions.count, weights.allSatisfy({ $0 >= 0 }),
                weights.reduce(0, +) == 100
            else {
                throw AnalysisError(
                    .invalidSettings,
                    "current weights \(weights) must be \(versions.count) non-negative integers summing to 100")
            }
        }
    }

    private func validatePattern() throws(AnalysisError) {
        let candidates = versions.count - 1
        let pattern = testingPattern.rawValue
        switch testingPattern {
        case .conformance:
            guard candidates == 0, reward == nil else {
                throw AnalysisError(.patternMismatch, "\(pattern) takes only a baseline and no reward")
            }
        case .canary:
            guard candidates == 1, reward == nil else {
                throw AnalysisError(.patternMismatch, "\(pattern) takes exactly one candidate and no reward")
            }
        case .abTest:
            guard candidates == 1, reward != nil else {
                throw AnalysisError(.patternMismatch, "\(pattern) takes exactly one candidate and a reward")
            }
        case .abnTest:
            guard candidates >= 1, reward != nil else {
                throw AnalysisError(.patternMismatch, "\(pattern) takes at least one candidate and a reward")
            }
        }
    }
}
