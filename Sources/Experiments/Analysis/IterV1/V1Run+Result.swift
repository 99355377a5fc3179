extension V1Run {
    /// Steps 8–9 and the result: verdicts, winner, traffic.
    mutating func result(engine: String, version: Int) -> AnalysisResult {
        let settings = input.settings
        var versions: [VersionAssessment] = []
        for (v, version) in input.versions.enumerated() {
            let objectives = objectiveAssessments(version: v)
            versions.append(VersionAssessment(
                name: version.name, isBaseline: v == 0, requestCount: version.requestCount,
                metrics: metricAssessments[v], objectives: objectives,
                feasible: objectives.allSatisfy { $0.assessment == .pass },
                failed: objectives.contains { $0.assessment == .fail },
                winProbability: winProbability[v]))
        }
        let names = input.versions.map(\.name)
        let found = winProbability[best] > threshold
        let probability = String(format4: winProbability[best])
        let winner = WinnerAssessment(
            found: found, version: found ? names[best] : nil, probability: winProbability[best],
            reason: found
                ? "\(names[best]) is best with probability \(probability) > \(threshold)"
                : "no version is best with probability > \(threshold) (best: \(names[best]) at \(probability))")
        let traffic = recommendTraffic(winner: found ? best : nil)
        return AnalysisResult(
            engine: engine, seed: settings.seed, sampleCount: samples, testingPattern: input.testingPattern,
            confidence: settings.confidence, winnerThreshold: threshold, versions: versions,
            bestVersion: names[best], winner: winner,
            recommendedVersionForPromotion: found ? names[best] : names[0],
            rollback: RollbackCheck.assess(versions: versions, objectives: input.objectives),
            traffic: traffic, engineVersion: version,
            decision: found
                ? ExperimentDecision(outcome: .winner, reason: winner.reason)
                : ExperimentDecision(outcome: .undecided, reason: winner.reason))
    }

    private func objectiveAssessments(version v: Int) -> [ObjectiveAssessment] {
        input.objectives.enumerated().map { index, objective in
            var probability: Double? = 1
            var breached: Bool? = false
            for (c, criterion) in criteria.enumerated() where criterion.objective == index {
                if let p = criterionProbability[v][c], let current = probability {
                    probability = current * p
                } else {
                    probability = nil
                }
                if let b = criterionBreached[v][c], let current = breached {
                    breached = current || b
                } else {
                    breached = nil
                }
            }
            return ObjectiveAssessment(
                metric: objective.metric, upperLimit: objective.upperLimit, lowerLimit: objective.lowerLimit,
                relativeToBaseline: objective.relativeToBaseline, thresholdBreached: breached,
                probabilitySatisfied: probability,
                assessment: Assessment.from(probabilitySatisfied: probability, confidence: input.settings.confidence))
        }
    }

    /// Step 8: iter8 v1's traffic split for the configured policy.
    private mutating func recommendTraffic(winner: Int?) -> TrafficRecommendation {
        let settings = input.settings
        let current = input.currentWeights
        let V = versionCount
        let S = samples
        var proposed: [Double]
        var weights: [Int]
        var reason: String
        switch settings.trafficPolicy {
        case .fixedSplit:
            return TrafficRecommendation.holding(
                input: input, weights: current, reason: "FixedSplit keeps the current weights")
        case .blueGreen:
            let target = winner ?? 0
            proposed = (0..<V).map { $0 == target ? 100 : 0 }
            weights = proposed.map { Int($0) }
            reason = winner.map { "BlueGreen: winner \(input.versions[$0].name) takes all traffic" }
                ?? "BlueGreen: no winner yet, all traffic to the baseline"
            return TrafficRecommendation.make(
                input: input, weights: weights, proposed: proposed, held: false, reason: reason)
        case .progressive, .top2, .uniform:
            let k = settings.trafficPolicy == .progressive ? 1 : settings.trafficPolicy == .top2 ? 2 : V
            for i in 0..<S { utility.values[i] += 1e-10 }  // the baseline is row 0
            let shares = utility.topKShares(k: k, eligible: Array(repeating: true, count: V))
            let share = settings.explorationShare
            proposed = shares.map { 100 * (share / Double(V) + (1 - share) * $0) }
            var generator = SeededGenerator(seed: settings.seed, stream: (1 << 32) + 1)
            let rounded = WeightRounding.randomised(proposed, order: internalOrder, using: &generator)
            let increment = settings.maxCandidateWeightIncrement ?? IterV1Engine.defaultMaxIncrement
            weights = WeightCaps.apply(
                rounded, current: current, maxIncrement: increment, maxWeight: settings.maxCandidateWeight)
            reason = "\(settings.trafficPolicy.rawValue): \(Int((share * 100).rounded())) % exploration + "
                + "top-\(k) shares, randomised rounding, candidate increase capped at \(increment) points"
        }
        return TrafficRecommendation.make(input: input, weights: weights, proposed: proposed, held: false, reason: reason)
    }
}

extension String {
    /// A probability with four decimals, for reasons.
    init(format4 value: Double) {
        let scaled = (value * 10_000).rounded() / 10_000
        self = "\(scaled)"
    }
}
