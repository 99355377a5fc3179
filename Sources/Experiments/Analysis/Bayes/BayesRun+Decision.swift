/// The call on the experiment as a whole (``ExperimentDecision``) of one `bayes` run.
extension BayesRun {
    /// Winner, failed or undecided, by the testing pattern, from the verdicts (``DecisionRule``) and the winner.
    mutating func decide(_ decision: BayesDecision) -> ExperimentDecision {
        let names = input.versions.map(\.name)
        switch input.testingPattern {
        case .conformance, .canary:
            let v = input.testingPattern == .conformance ? 0 : 1
            let role = v == 0 ? "baseline" : "candidate"
            if feasible[v] {
                return ExperimentDecision(outcome: .winner, reason: "\(role) \(names[v]) meets every objective")
            }
            if failed[v] {
                return ExperimentDecision(
                    outcome: .failed, reason: "\(role) \(names[v]) fails \(firstObjective(v, .fail) ?? "an objective")")
            }
            return ExperimentDecision(
                outcome: .undecided, reason: "\(role) \(names[v]): \(undecided(v))", requiredRequests: objectiveSample(v))
        case .abTest, .abnTest:
            if let winner = decision.winner {
                return ExperimentDecision(outcome: .winner, reason: decision.assessment.reason + " (\(names[winner]))")
            }
            if versionCount > 1, (1..<versionCount).allSatisfy({ failed[$0] }) {
                return ExperimentDecision(outcome: .failed, reason: "every candidate fails an objective")
            }
            let leader = decision.best ?? 0
            let required = feasible[leader] ? rewardSample(leader) : objectiveSample(leader)
            return ExperimentDecision(outcome: .undecided, reason: decision.assessment.reason, requiredRequests: required)
        }
    }

    /// The observations every objective of version `v` that is still open needs (the largest), or nil when one
    /// has no data or cannot be estimated.
    func objectiveSample(_ v: Int) -> Double? {
        let open = objectiveAssessments[v].filter { $0.assessment == .inconclusive || $0.assessment == .noData }
        guard !open.isEmpty else { return nil }
        var largest = 0.0
        for objective in open {
            guard let required = objective.requiredSampleSize else { return nil }
            largest = max(largest, required)
        }
        return largest
    }

    /// The observations per version that would separate the reward of `leader` from its closest rival by the
    /// tolerance at the decision confidence (normal approximation from the posterior intervals).
    func rewardSample(_ leader: Int) -> Double? {
        guard let m = rewardMetric, let reward = input.reward else { return nil }
        let sign = reward.preferredDirection == .high ? 1.0 : -1.0
        let z = NormalDistribution.quantile(1 - (1 - confidence) / 2)
        func moments(_ v: Int) -> (mean: Double, sd: Double, n: Double)? {
            guard let summary = metricAssessments[v][m].posterior else { return nil }
            let n = input.versions[v].observation(reward.metric).sampleSize ?? input.versions[v].requestCount ?? 0
            return (sign * summary.mean, (summary.upper - summary.lower) / (2 * z), n)
        }
        guard let own = moments(leader), own.n > 0 else { return nil }
        var needed = 0.0
        for v in 0..<versionCount where v != leader && !failed[v] {
            guard let rival = moments(v) else { continue }
            let gap = own.mean - (rival.mean - rule.tolerance * abs(rival.mean))
            let sd = (own.sd * own.sd + rival.sd * rival.sd).squareRoot()
            guard gap > 0, sd > 0 else { return nil }
            let factor = sd * NormalDistribution.quantile(rule.winnerConfidence) / gap
            needed = max(needed, own.n * factor * factor)
        }
        return needed > 0 ? min(max(needed, own.n), Observation.maxCount).rounded(.up) : nil
    }
}
