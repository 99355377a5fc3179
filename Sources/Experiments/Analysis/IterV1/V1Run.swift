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
    /// Draws, metric-major then version: `draws[(m * V + v) * S + i]`.
    var draws: [Double]
    var metricAssessments: [[MetricAssessment]]
    /// P(satisfy) and breached per version and criterion.
    var criterionProbability: [[Double?]] = []
    var criterionBreached: [[Bool?]] = []
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
        criteria = V1Criterion.criteria(input.objectives) { name in metrics.firstIndex { $0.name == name } ?? 0 }
        internalOrder = Array(1..<max(1, input.versions.count)) + [0]
        threshold = input.settings.winnerThreshold ?? IterV1Engine.defaultWinnerThreshold
        draws = [Double](repeating: 0, count: metrics.count * input.versions.count * samples)
        metricAssessments = Array(repeating: [], count: input.versions.count)
        utility = UtilityMatrix(versions: input.versions.count, samples: samples)
    }

    /// Step 2: beliefs, draws and posterior summaries.
    mutating func drawBeliefs() {
        var scratch = [Double](repeating: 0, count: samples)
        let S = samples
        for (m, metric) in metrics.enumerated() {
            let metricBeliefs = V1Belief.beliefs(metric: metric, versions: input.versions)
            beliefs.append(metricBeliefs)
            var metricPoints: [Double?] = []
            for v in 0..<versionCount {
                let belief = metricBeliefs[v]
                let observation = input.versions[v].observation(metric.name)
                let point: Double? = if case .uninitialised = belief { nil } else { observation.pointValue(for: metric.kind) }
                metricPoints.append(point)
                var generator = SeededGenerator(seed: input.settings.seed, stream: UInt64(m * versionCount + v))
                var summary: PosteriorSummary?
                if belief.hasDraws {
                    let offset = (m * versionCount + v) * S
                    summary = draws.withUnsafeMutableBufferPointer { all in
                        let row = UnsafeMutableBufferPointer(rebasing: all[offset..<(offset + S)])
                        belief.draw(into: row, using: &generator)
                        let values = UnsafeBufferPointer(row)
                        let q = scratch.withUnsafeMutableBufferPointer {
                            SampleStatistics.percentiles(values, [2.5, 97.5], scratch: $0)
                        }
                        return PosteriorSummary(mean: SampleStatistics.mean(values), lower: q[0], upper: q[1])
                    }
                }
                metricAssessments[v].append(MetricAssessment(
                    metric: metric.name, value: point, sampleSize: observation.sampleSize,
                    model: belief.model, posterior: summary))
            }
            points.append(metricPoints)
        }
    }

    /// Step 3: threshold assessments per version and criterion.
    mutating func assessCriteria() {
        let S = samples
        let V = versionCount
        criterionProbability = Array(repeating: [], count: V)
        criterionBreached = Array(repeating: [], count: V)
        draws.withUnsafeBufferPointer { all in
            for v in 0..<V {
                for criterion in criteria {
                    let m = criterion.metric
                    let outcome = criterion.assess(
                        version: v, beliefs: beliefs[m], points: points[m],
                        draws: { UnsafeBufferPointer(rebasing: all[((m * V + $0) * S)..<((m * V + $0 + 1) * S)]) })
                    criterionProbability[v].append(outcome.probability)
                    criterionBreached[v].append(outcome.breached)
                }
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
                let offset = (m * V + v) * S
                for i in 0..<S { utility.values[v * S + i] = draws[offset + i] }
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
