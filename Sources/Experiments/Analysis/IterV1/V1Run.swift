/// The state of one `iter8-v1` assessment, step by step (see ``IterV1Engine``).
struct V1Run {
    let input: AnalysisInput
    let samples: Int
    let versionCount: Int
    let metrics: [MetricDescriptor]
    let criteria: [V1Criterion]
    /// Internal order: candidates first, then the baseline (iter8 v1's order).
    let internalOrder: [Int]
    let threshold: Double

    var beliefs: [[V1Belief]] = []
    var points: [[Double?]] = []
    var metricAssessments: [[MetricAssessment]]
    /// P(satisfy) and breached per version and criterion.
    var criterionProbability: [[Double?]]
    var criterionBreached: [[Bool?]]
    /// Reward draws, then utilities (reward × mask), version-major.
    var utility: UtilityMatrix
    var winProbability: [Double] = []
    var best = 0

    init(input: AnalysisInput) {
        self.input = input
        samples = input.settings.sampleCount
        versionCount = input.versions.count
        var names: [String] = []
        for name in input.objectives.map(\.metric) + [input.reward?.metric].compactMap({ $0 })
        where !names.contains(name) {
            names.append(name)
        }
        let metrics = names.compactMap { input.metric(named: $0) }
        self.metrics = metrics
        let criteria = V1Criterion.criteria(input.objectives) { name in metrics.firstIndex { $0.name == name } ?? 0 }
        self.criteria = criteria
        internalOrder = Array(1..<max(1, input.versions.count)) + [0]
        threshold = input.settings.winnerThreshold ?? IterV1Engine.defaultWinnerThreshold
        metricAssessments = Array(repeating: [], count: input.versions.count)
        criterionProbability = Array(repeating: Array(repeating: nil, count: criteria.count), count: input.versions.count)
        criterionBreached = criterionProbability.map { $0.map { _ in nil } }
        utility = UtilityMatrix(versions: input.versions.count, samples: samples, fill: .nan)
    }

    /// Steps 2–3: beliefs, posterior summaries and threshold assessments, one belief at a time. Summaries and
    /// probabilities of absolute limits are exact (``V1Belief/exactSummary``,
    /// ``V1Belief/exactProbability(upper:limit:)``): the values iter8's 10,000 draws estimated. Draws are made
    /// only where later steps need them: the reward metric's (into `utility`) and, for relative criteria, the
    /// candidates' and the baseline's paired draws. Each belief keeps its own sub-stream of the seed.
    mutating func drawBeliefs() {
        let S = samples
        let V = versionCount
        let seed = input.settings.seed
        let rewardIndex = input.reward.flatMap { reward in metrics.firstIndex { $0.name == reward.metric } }
        for (m, metric) in metrics.enumerated() {
            let metricBeliefs = V1Belief.beliefs(metric: metric, versions: input.versions)
            beliefs.append(metricBeliefs)
            let metricPoints = metricBeliefs.indices.map { v -> Double? in
                if case .uninitialised = metricBeliefs[v] { return nil }
                return input.versions[v].observation(metric.name).pointValue(for: metric.kind)
            }
            points.append(metricPoints)
            let criteria = self.criteria
            let metricCriteria = criteria.indices.filter { criteria[$0].metric == m }
            func paired(_ v: Int) -> Bool {
                metricCriteria.contains { criteria[$0].needsPairedDraws(version: v, beliefs: metricBeliefs) }
            }
            let anyPaired = (0..<V).contains(where: paired)
            var baseline: [Double]?
            for v in 0..<V {
                let belief = metricBeliefs[v]
                let keep = paired(v) || (v == 0 && anyPaired)
                var own: [Double]?
                if belief.hasDraws && (m == rewardIndex || keep) {
                    var generator = SeededGenerator(seed: seed, stream: UInt64(m * V + v))
                    if m == rewardIndex {
                        utility.values.withUnsafeMutableBufferPointer { all in
                            belief.draw(into: UnsafeMutableBufferPointer(rebasing: all[(v * S)..<((v + 1) * S)]), using: &generator)
                        }
                        if keep { own = Array(utility.values[(v * S)..<((v + 1) * S)]) }
                    } else {
                        var row = [Double](repeating: 0, count: S)
                        row.withUnsafeMutableBufferPointer { belief.draw(into: $0, using: &generator) }
                        own = row
                    }
                    if v == 0 { baseline = own }
                }
                withOptionalBuffer(own) { ownBuffer in
                    withOptionalBuffer(baseline) { baseBuffer in
                        for c in metricCriteria {
                            let outcome = criteria[c].assess(
                                version: v, beliefs: metricBeliefs, points: metricPoints, own: ownBuffer, baseline: baseBuffer)
                            criterionProbability[v][c] = outcome.probability
                            criterionBreached[v][c] = outcome.breached
                        }
                    }
                }
                let observation = input.versions[v].observation(metric.name)
                metricAssessments[v].append(MetricAssessment(
                    metric: metric.name, value: metricPoints[v], sampleSize: observation.sampleSize,
                    model: belief.model, posterior: belief.exactSummary))
            }
        }
    }

    /// Steps 4–7: masks, rewards, utilities and win probabilities.
    mutating func computeWins() {
        let S = samples
        let V = versionCount
        var mask = UtilityMatrix(versions: V, samples: S, fill: 1)
        var generator = SeededGenerator(seed: input.settings.seed, stream: 1 << 32)
        mask.values.withUnsafeMutableBufferPointer { mk in
            for v in internalOrder {
                for c in criteria.indices {
                    guard let p = criterionProbability[v][c], p > 0 else {
                        for i in 0..<S { mk[v * S + i] = 0 }
                        continue
                    }
                    if p >= 1 { continue }
                    for i in 0..<S where generator.nextUnit() >= p { mk[v * S + i] = 0 }
                }
            }
        }
        fillRewards()
        for j in utility.values.indices { utility.values[j] *= mask.values[j] }
        let wins = utility.iter8WinCounts()
        let total = wins.reduce(0, +)
        winProbability = wins.map { total > 0 ? $0 / total : 0 }
        best = internalOrder[0]
        for v in internalOrder where winProbability[v] > winProbability[best] { best = v }
    }

    /// Step 5: reward draws (or pseudo-rewards) into `utility`.
    private mutating func fillRewards() {
        let S = samples
        let V = versionCount
        guard let reward = input.reward, let m = metrics.firstIndex(where: { $0.name == reward.metric }) else {
            for v in 0..<V {
                let pseudo = v == 0 ? 1.0 : 2.0 + Double(v - 1)
                for i in 0..<S { utility.values[v * S + i] = pseudo }
            }
            return
        }
        for v in 0..<V {
            switch beliefs[m][v] {
            case .uninitialised:
                for i in 0..<S { utility.values[v * S + i] = .nan }
            case let .counter(value):
                for i in 0..<S { utility.values[v * S + i] = value }
            case .pointMass, .beta, .normal:
                break  // drawn into `utility` by drawBeliefs()
            }
        }
        utility.values.withUnsafeMutableBufferPointer { u in
            if reward.preferredDirection == .low {
                for i in 0..<S {
                    var rowMax = -Double.infinity
                    for v in 0..<V where u[v * S + i] > rowMax { rowMax = u[v * S + i] }
                    for v in 0..<V { u[v * S + i] = rowMax - u[v * S + i] }
                }
            }
            for j in u.indices where u[j].isNaN { u[j] = 0 }
        }
    }
}
