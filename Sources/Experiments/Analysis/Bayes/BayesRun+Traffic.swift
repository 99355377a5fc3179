extension BayesRun {
    /// The recommended weights (see ``BayesEngine`` and ``TrafficPolicy``).
    mutating func recommendTraffic(winner decision: BayesDecision) -> TrafficRecommendation {
        let settings = input.settings
        let current = input.currentWeights
        let names = input.versions.map(\.name)
        let V = versionCount
        switch settings.trafficPolicy {
        case .fixedSplit:
            return .holding(input: input, weights: current, reason: "FixedSplit keeps the current weights")
        case .blueGreen:
            let target = decision.winner ?? 0
            let weights = (0..<V).map { $0 == target ? 100 : 0 }
            let reason = target != 0
                ? "BlueGreen: \(names[target]) won and takes all traffic"
                : "BlueGreen: all traffic stays on the baseline until a candidate wins"
            return .make(input: input, weights: weights, proposed: weights.map(Double.init), held: false, reason: reason)
        case .progressive, .top2, .uniform:
            break
        }
        let contenders = (0..<V).map { !failed[$0] }
        if let missing = (0..<V).first(where: { contenders[$0] && lacksData[$0] }) {
            var weights = current
            for v in 1..<max(1, V) where failed[v] {
                weights[0] += weights[v]
                weights[v] = 0
            }
            return .holding(
                input: input, weights: weights,
                reason: "holding the current weights: \(names[missing]) has no data yet"
                    + (weights == current ? "" : "; failed candidates drop to 0"))
        }
        var proposed = [Double](repeating: 0, count: V)
        var reason: String
        let members = (0..<V).filter { contenders[$0] }
        if members.isEmpty {
            proposed[0] = 100
            reason = "every version fails an objective: all traffic to the baseline"
        } else {
            let exploitation = exploitationShares(contenders: contenders)
            let share = settings.explorationShare
            for v in members {
                proposed[v] = 100 * (share / Double(members.count) + (1 - share) * exploitation[v])
            }
            reason = "\(settings.trafficPolicy.rawValue): \(String(format4: share * 100)) % exploration over "
                + "\(members.count) version(s) still in contention"
        }
        let increment = settings.maxCandidateWeightIncrement ?? BayesEngine.defaultMaxIncrement
        let capped = WeightCaps.apply(
            proposed, current: current, maxIncrement: increment, maxWeight: settings.maxCandidateWeight)
        if capped != proposed {
            reason += "; candidate weights capped (+\(increment) points per step, at most \(settings.maxCandidateWeight))"
        }
        let failedNames = (0..<V).filter { failed[$0] }.map { names[$0] }
        if !failedNames.isEmpty { reason += "; failed: \(failedNames.joined(separator: ", "))" }
        return .make(
            input: input, weights: WeightRounding.largestRemainder(capped), proposed: proposed, held: false,
            reason: reason)
    }

    /// The exploitation share of each contender (summing to 1 over contenders).
    private mutating func exploitationShares(contenders: [Bool]) -> [Double] {
        let V = versionCount
        let members = (0..<V).filter { contenders[$0] }
        let policy = input.settings.trafficPolicy
        if policy == .uniform {
            return (0..<V).map { contenders[$0] ? 1 / Double(members.count) : 0 }
        }
        if policy == .progressive, let probabilities = bestProbabilities(eligible: contenders) {
            return probabilities
        }
        if let shares = topTwoShares(eligible: contenders) {
            return shares
        }
        // No reward: a candidate is preferred to the baseline as far as it satisfies every objective.
        let candidates = members.filter { $0 != 0 }
        var shares = [Double](repeating: 0, count: V)
        if policy == .top2 {
            let pick = candidates.max { (jointPassing[$0] ?? 0) < (jointPassing[$1] ?? 0) }
            let pair = ([contenders[0] ? 0 : nil, pick].compactMap { $0 })
            for v in pair { shares[v] = 1 / Double(pair.count) }
            return shares
        }
        for v in candidates { shares[v] = (jointPassing[v] ?? 0) / Double(candidates.count) }
        let rest = 1 - shares.reduce(0, +)
        if contenders[0] {
            shares[0] = rest
        } else if !candidates.isEmpty {
            let total = shares.reduce(0, +)
            shares = total > 0 ? shares.map { $0 / total } : shares.indices.map { contenders[$0] ? 1 / Double(candidates.count) : 0 }
        }
        return shares
    }

    /// The result document.
    func result(engine: String, version: Int, winner decision: BayesDecision, traffic: TrafficRecommendation) -> AnalysisResult {
        let settings = input.settings
        let names = input.versions.map(\.name)
        let versions = (0..<versionCount).map { v in
            VersionAssessment(
                name: names[v], isBaseline: v == 0, requestCount: input.versions[v].requestCount,
                metrics: metricAssessments[v], objectives: objectiveAssessments[v], feasible: feasible[v],
                failed: failed[v], winProbability: decision.winProbability[v])
        }
        return AnalysisResult(
            engine: engine, seed: settings.seed, sampleCount: samples, testingPattern: input.testingPattern,
            confidence: confidence, winnerThreshold: threshold, versions: versions,
            bestVersion: decision.best.map { names[$0] }, winner: decision.assessment,
            recommendedVersionForPromotion: decision.winner.map { names[$0] } ?? names[0],
            rollback: RollbackCheck.assess(versions: versions, objectives: input.objectives),
            traffic: traffic, engineVersion: version, decision: decision.call)
    }
}
