/// The state of one `bayes` assessment (see ``BayesEngine``).
struct BayesRun {
    let input: AnalysisInput
    let samples: Int
    let versionCount: Int
    let metrics: [MetricDescriptor]
    let rewardMetric: Int?
    let threshold: Double
    let confidence: Double
    /// The evidence a verdict needs (``DecisionRule``).
    let rule: DecisionRule

    /// posteriors[m][v]; nil = no data.
    var posteriors: [[Posterior?]] = []
    var points: [[Double?]] = []
    /// Memoised draws per (metric, version), each from its own sub-stream of the seed.
    var draws: [Int: [Double]] = [:]
    var scratch: [Double]
    var metricAssessments: [[MetricAssessment]] = []
    var objectiveAssessments: [[ObjectiveAssessment]] = []
    var feasible: [Bool] = []
    var failed: [Bool] = []
    var lacksData: [Bool] = []
    /// P(every objective satisfied) per version, nil without data.
    var jointSatisfied: [Double?] = []
    /// P(every objective within its limit widened by the tolerance) per version, nil without data: the traffic
    /// share of a candidate follows this (more traffic sooner to one that may pass, little to one that cannot).
    var jointPassing: [Double?] = []
    /// The reward matrix, built once (nil inside = no reward).
    var rewards: UtilityMatrix??
    /// The reward comparisons by integration, built once (nil inside = not possible: the draws decide).
    var rewardIntegral: RewardIntegral??
    /// Percentile posteriors by integration per (metric, version), built once (nil inside: the draws decide).
    var quantiles: [Int: QuantileIntegral?] = [:]
    /// P(best reward) per eligibility mask, computed once each.
    var bestCache: [[Bool]: [Double]] = [:]

    init(input: AnalysisInput) {
        self.input = input
        samples = input.settings.sampleCount
        versionCount = input.versions.count
        var names: [String] = []
        for name in input.objectives.map(\.metric) + [input.reward?.metric].compactMap({ $0 })
        where !names.contains(name) {
            names.append(name)
        }
        metrics = names.compactMap { input.metric(named: $0) }
        rewardMetric = input.reward.flatMap { reward in names.firstIndex(of: reward.metric) }
        threshold = input.settings.winnerThreshold ?? BayesEngine.defaultWinnerThreshold
        confidence = input.settings.confidence
        rule = DecisionRule(
            tolerance: input.settings.tolerance ?? BayesEngine.defaultTolerance, confidence: input.settings.confidence,
            winnerProbability: threshold)
        scratch = [Double](repeating: 0, count: samples)
    }

    /// Whether version `v` has too few requests to be assessed at all.
    func belowMinimum(_ v: Int, _ observation: Observation) -> Bool {
        let minimum = input.settings.minimumRequests
        if let requests = input.versions[v].requestCount { return requests < minimum }
        if let n = observation.sampleSize { return n < minimum }
        return false
    }

    /// The draws of metric `m` for version `v` (computed once).
    mutating func drawsOf(_ m: Int, _ v: Int) -> [Double] {
        let key = m * versionCount + v
        if let cached = draws[key] { return cached }
        var values = [Double](repeating: .nan, count: samples)
        if let posterior = posteriors[m][v] {
            var generator = SeededGenerator(seed: input.settings.seed, stream: UInt64(key))
            values.withUnsafeMutableBufferPointer { posterior.draw(into: $0, using: &generator) }
        }
        draws[key] = values
        return values
    }

    /// The percentile posterior of metric `m` for version `v` by integration (``QuantileIntegral``), or nil
    /// when it is another model or cannot be integrated (its draws then decide, as in `bayes` 2).
    mutating func quantileIntegral(_ m: Int, _ v: Int) -> QuantileIntegral? {
        guard case let .histogramQuantile(q, histogram, alpha)? = posteriors[m][v] else { return nil }
        let key = m * versionCount + v
        if let cached = quantiles[key] { return cached }
        let built = QuantileIntegral(q: q, histogram: histogram, alpha: alpha)
        quantiles[key] = .some(built)
        return built
    }

    /// Posteriors, metric summaries and objective verdicts for every version.
    mutating func assessVersions() {
        for metric in metrics {
            var row: [Posterior?] = []
            var pointRow: [Double?] = []
            for v in 0..<versionCount {
                let observation = input.versions[v].observation(metric.name)
                let enough = !belowMinimum(v, observation)
                row.append(enough ? Posterior.of(observation, kind: metric.kind) : nil)
                pointRow.append(enough ? observation.pointValue(for: metric.kind) : nil)
            }
            posteriors.append(row)
            points.append(pointRow)
        }
        for v in 0..<versionCount {
            metricAssessments.append(metrics.indices.map { summarise($0, v) })
            var passing: Double? = 1
            let objectives = input.objectives.map { objective in
                let (assessment, mayPass) = assess(objective, version: v)
                passing = passing.flatMap { product in mayPass.map { product * $0 } }
                return assessment
            }
            jointPassing.append(passing)
            objectiveAssessments.append(objectives)
            feasible.append(objectives.allSatisfy { $0.assessment == .pass })
            failed.append(objectives.contains { $0.assessment == .fail })
            let rewardMissing = rewardMetric.map { posteriors[$0][v] == nil } ?? false
            lacksData.append(rewardMissing || objectives.contains { $0.assessment == .noData })
            jointSatisfied.append(objectives.reduce(Optional(1.0)) { product, objective in
                guard let product, let p = objective.probabilitySatisfied else { return nil }
                return product * p
            })
        }
    }

    private mutating func summarise(_ m: Int, _ v: Int) -> MetricAssessment {
        let metric = metrics[m]
        let observation = input.versions[v].observation(metric.name)
        guard let posterior = posteriors[m][v] else {
            return MetricAssessment(
                metric: metric.name, value: points[m][v], sampleSize: observation.sampleSize, model: nil,
                posterior: nil)
        }
        if let integral = quantileIntegral(m, v) {
            return MetricAssessment(
                metric: metric.name, value: points[m][v], sampleSize: observation.sampleSize,
                model: posterior.model, posterior: integral.summary(confidence: confidence))
        }
        let values: [Double]? = posterior.needsDraws ? drawsOf(m, v) : nil
        let confidence = self.confidence
        let summary = scratch.withUnsafeMutableBufferPointer { scratch in
            withOptionalBuffer(values) { posterior.summary(confidence: confidence, draws: $0, scratch: scratch) }
        }
        return MetricAssessment(
            metric: metric.name, value: points[m][v], sampleSize: observation.sampleSize,
            model: posterior.model, posterior: summary)
    }

    /// The verdict on one objective for version `v` (``DecisionRule``), and P(within the limit widened by the
    /// tolerance): the probability that the version can still pass it, which its traffic share follows.
    private mutating func assess(_ objective: Objective, version v: Int) -> (ObjectiveAssessment, mayPass: Double?) {
        let m = metrics.firstIndex { $0.name == objective.metric } ?? 0
        var probability: Double?
        var breached: Bool?
        var verdict = Assessment.noData
        var required: Double?
        var mayPass: Double?
        if let posterior = posteriors[m][v], let point = points[m][v] {
            if objective.relativeToBaseline {
                if let basePoint = points[m][0], posteriors[m][0] != nil {
                    let upper = objective.upperLimit.map { $0 * basePoint }
                    let lower = objective.lowerLimit.map { $0 * basePoint }
                    breached = (upper.map { point > $0 } ?? false) || (lower.map { point < $0 } ?? false)
                    probability = relativeProbability(objective, m: m, v: v)
                    verdict = Assessment.from(probabilitySatisfied: probability, confidence: rule.passConfidence)
                    mayPass = probability
                }
            } else {
                let lower = objective.lowerLimit, upper = objective.upperLimit
                let outside = (upper.map { point > $0 } ?? false) || (lower.map { point < $0 } ?? false)
                breached = outside
                let integral = quantileIntegral(m, v)
                let values: [Double]? = posterior.needsDraws && integral == nil ? drawsOf(m, v) : nil
                let (strict, passing, staying) = withOptionalBuffer(values) { draws in
                    let wide = rule.widened(lower: lower, upper: upper)
                    let narrow = rule.narrowed(lower: lower, upper: upper)
                    func probability(_ lower: Double?, _ upper: Double?) -> Double {
                        integral?.probability(lower: lower, upper: upper)
                            ?? posterior.probability(lower: lower, upper: upper, draws: draws)
                    }
                    return (
                        probability(lower, upper), probability(wide.lower, wide.upper),
                        probability(narrow.lower, narrow.upper))
                }
                probability = strict
                mayPass = passing
                let n = input.versions[v].observation(objective.metric).sampleSize ?? input.versions[v].requestCount ?? 0
                let enough = n >= DecisionRule.minimumSample(posterior, lower: lower, upper: upper)
                let failing = 1 - staying
                let established = n >= DecisionRule.failureSample(posterior, lower: lower, upper: upper)
                if enough && !outside && passing >= rule.passConfidence {
                    verdict = .pass
                } else if enough && outside
                    && (failing >= DecisionRule.overwhelming || (established && failing >= rule.failConfidence))
                {
                    verdict = .fail
                } else {
                    verdict = .inconclusive
                    if let summary = metricAssessments[v][m].posterior {
                        let z = NormalDistribution.quantile(1 - (1 - confidence) / 2)
                        let sd = (summary.upper - summary.lower) / (2 * z)
                        required = rule.requiredSample(
                            n: n, mean: point, sd: sd, lower: lower, upper: upper,
                            established: outside ? DecisionRule.failureSample(posterior, lower: lower, upper: upper) : 0)
                            .map { max($0, DecisionRule.minimumSample(posterior, lower: lower, upper: upper).rounded(.up)) }
                    }
                }
            }
        }
        let assessment = ObjectiveAssessment(
            metric: objective.metric, upperLimit: objective.upperLimit, lowerLimit: objective.lowerLimit,
            relativeToBaseline: objective.relativeToBaseline, thresholdBreached: breached,
            probabilitySatisfied: probability, assessment: verdict, requiredSampleSize: required)
        return (assessment, mayPass)
    }

    /// P(lower·X_baseline ≤ X_v ≤ upper·X_baseline) from paired draws.
    private mutating func relativeProbability(_ objective: Objective, m: Int, v: Int) -> Double {
        let own = drawsOf(m, v)
        let base = drawsOf(m, 0)
        var good = 0
        for i in 0..<samples {
            let okUpper = objective.upperLimit.map { own[i] <= $0 * base[i] } ?? true
            let okLower = objective.lowerLimit.map { own[i] >= $0 * base[i] } ?? true
            if okUpper && okLower { good += 1 }
        }
        return Double(good) / Double(samples)
    }

    /// The reward draws of every version as a matrix where higher is better (negated for `Low`);
    /// versions without reward data hold −∞.
    mutating func rewardMatrix() -> UtilityMatrix? {
        if let rewards { return rewards }
        let built = buildRewardMatrix()
        rewards = .some(built)
        return built
    }

    /// The reward comparisons by numerical integration (``RewardIntegral``), when every reward posterior is a
    /// qualifying continuous one; nil without a reward or otherwise.
    mutating func integratedRewards() -> RewardIntegral? {
        if let rewardIntegral { return rewardIntegral }
        var built: RewardIntegral?
        if let m = rewardMetric, let reward = input.reward {
            built = RewardIntegral(posteriors: posteriors[m], sign: reward.preferredDirection == .high ? 1 : -1)
        }
        rewardIntegral = .some(built)
        return built
    }

    /// P(best reward) among the `eligible` versions (memoised), nil without a reward: integrated where
    /// ``RewardIntegral`` applies, else from the draws.
    mutating func bestProbabilities(eligible: [Bool]) -> [Double]? {
        if let cached = bestCache[eligible] { return cached }
        guard input.reward != nil else { return nil }
        let probabilities: [Double]
        if let integrated = integratedRewards()?.bestProbabilities(eligible: eligible) {
            probabilities = integrated
        } else {
            guard let matrix = rewardMatrix() else { return nil }
            probabilities = matrix.bestProbabilities(eligible: eligible)
        }
        bestCache[eligible] = probabilities
        return probabilities
    }

    /// P(the reward of `version` is within `tolerance` of every other eligible version's), nil without a reward.
    mutating func probabilityWithin(_ tolerance: Double, of version: Int, among eligible: [Bool]) -> Double? {
        if let integrated = integratedRewards()?.probabilityWithin(tolerance, of: version, among: eligible) {
            return integrated
        }
        return rewardMatrix()?.probabilityWithin(tolerance, of: version, among: eligible)
    }

    /// The top-two shares of the eligible versions' rewards, nil without a reward.
    mutating func topTwoShares(eligible: [Bool]) -> [Double]? {
        if let integrated = integratedRewards()?.topTwoShares(eligible: eligible) { return integrated }
        return rewardMatrix()?.topKShares(k: 2, eligible: eligible)
    }

    private mutating func buildRewardMatrix() -> UtilityMatrix? {
        guard let m = rewardMetric, let reward = input.reward else { return nil }
        var matrix = UtilityMatrix(versions: versionCount, samples: samples)
        let sign = reward.preferredDirection == .high ? 1.0 : -1.0
        let S = samples
        for v in 0..<versionCount {
            let values = posteriors[m][v] == nil ? nil : drawsOf(m, v)
            matrix.values.withUnsafeMutableBufferPointer { all in
                let row = all.baseAddress! + v * S
                guard let values else {
                    for i in 0..<S { row[i] = -.infinity }
                    return
                }
                values.withUnsafeBufferPointer { draws in
                    for i in 0..<S { row[i] = sign * draws[i] }
                }
            }
        }
        return matrix
    }
}

/// Runs `body` with a buffer of `values`, or nil.
func withOptionalBuffer<R>(_ values: [Double]?, _ body: (UnsafeBufferPointer<Double>?) -> R) -> R {
    guard let values else { return body(nil) }
    return values.withUnsafeBufferPointer { body($0) }
}
