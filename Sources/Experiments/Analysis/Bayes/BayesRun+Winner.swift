/// The winner decision of one `bayes` run.
struct BayesDecision {
    /// The call on the experiment (set by ``BayesRun/decide(_:)``).
    var call = ExperimentDecision(outcome: .undecided, reason: "")
    var assessment: WinnerAssessment
    var winner: Int?
    var best: Int?
    var winProbability: [Double]
}

extension BayesRun {
    /// The first objective of version `v` whose verdict is `verdict`, described for a reason.
    func firstObjective(_ v: Int, _ verdict: Assessment) -> String? {
        guard let index = objectiveAssessments[v].firstIndex(where: { $0.assessment == verdict }) else { return nil }
        let objective = objectiveAssessments[v][index]
        let p = objective.probabilitySatisfied.map { " (P(satisfied) = \(String(format4: $0)))" } ?? ""
        return "the objective on \(objective.metric)\(p)"
    }

    /// Why version `v` is not decided yet.
    func undecided(_ v: Int) -> String {
        if let noData = firstObjective(v, .noData) { return "no data yet for \(noData)" }
        if let open = firstObjective(v, .inconclusive) { return "\(open) is inconclusive" }
        return "undecided"
    }

    /// iter8 v2's winner rules with statistical verdicts (see ``BayesEngine``).
    mutating func decideWinner() -> BayesDecision {
        let names = input.versions.map(\.name)
        var probabilities = [Double](repeating: 0, count: versionCount)
        switch input.testingPattern {
        case .conformance:
            let p = jointSatisfied[0]
            probabilities[0] = p ?? 0
            if feasible[0] {
                return BayesDecision(
                    assessment: WinnerAssessment(
                        found: true, version: names[0], probability: p,
                        reason: "baseline \(names[0]) satisfies every objective"),
                    winner: 0, best: 0, winProbability: probabilities)
            }
            let reason = failed[0]
                ? "baseline \(names[0]) fails \(firstObjective(0, .fail) ?? "an objective")"
                : "no decision yet: \(undecided(0))"
            return BayesDecision(
                assessment: WinnerAssessment(found: false, version: nil, probability: p, reason: reason),
                winner: nil, best: 0, winProbability: probabilities)
        case .canary:
            let c = 1
            let p = jointSatisfied[c]
            probabilities[c] = p ?? 0
            probabilities[0] = p.map { 1 - $0 } ?? 0
            let best = (p ?? 0) >= 0.5 ? c : 0
            if feasible[c] {
                return BayesDecision(
                    assessment: WinnerAssessment(
                        found: true, version: names[c], probability: p,
                        reason: "candidate \(names[c]) satisfies every objective"),
                    winner: c, best: c, winProbability: probabilities)
            }
            if failed[c] {
                return BayesDecision(
                    assessment: WinnerAssessment(
                        found: true, version: names[0], probability: p.map { 1 - $0 },
                        reason: "candidate \(names[c]) fails \(firstObjective(c, .fail) ?? "an objective")"),
                    winner: 0, best: 0, winProbability: probabilities)
            }
            return BayesDecision(
                assessment: WinnerAssessment(
                    found: false, version: nil, probability: p,
                    reason: "no decision yet: candidate \(names[c]): \(undecided(c))"),
                winner: nil, best: best, winProbability: probabilities)
        case .abTest, .abnTest:
            return decideByReward(names: names)
        }
    }

    /// A/B and A/B/N: the contender with the highest P(best reward) wins when it is feasible and, with the
    /// decision confidence, its reward is within the tolerance of every other contender's (the draws of
    /// version w beat max over j ≠ w of (reward_j − tolerance·|reward_j|)). Contenders are the versions that
    /// fail no objective and have reward data, so a version still undecided on its objectives but with a
    /// better reward keeps the decision open.
    private mutating func decideByReward(names: [String]) -> BayesDecision {
        let contenders = (0..<versionCount).map { !failed[$0] }
        let bestOverall = bestProbabilities(eligible: contenders).flatMap(argmax)
        let eligible = (0..<versionCount).map { !failed[$0] && !lacksData[$0] }
        guard let probabilities = bestProbabilities(eligible: eligible), let best = argmax(probabilities) ?? eligible.firstIndex(of: true)
        else {
            let why = input.reward == nil ? "there is no reward" : "no version with reward data fails no objective"
            return BayesDecision(
                assessment: WinnerAssessment(found: false, version: nil, probability: nil, reason: "no winner: \(why)"),
                winner: nil, best: bestOverall, winProbability: [Double](repeating: 0, count: versionCount))
        }
        let nearBest = probabilityWithin(rule.tolerance, of: best, among: eligible) ?? 0
        let shown = String(format4: nearBest)
        let decisive = String(format4: rule.winnerConfidence)
        let found = feasible[best] && nearBest >= rule.winnerConfidence
        let reason: String
        if found {
            reason = "\(names[best]) has the best reward among the versions in contention: P(within \(rule.tolerance) of the best) = \(shown) ≥ \(decisive)"
        } else if !feasible[best] {
            reason = "no winner yet: \(names[best]) leads on reward but \(undecided(best))"
        } else {
            reason = "no winner yet: \(names[best]) leads on reward, P(within \(rule.tolerance) of the best) = \(shown) < \(decisive)"
        }
        return BayesDecision(
            assessment: WinnerAssessment(found: found, version: found ? names[best] : nil, probability: nearBest, reason: reason),
            winner: found ? best : nil, best: bestOverall ?? best, winProbability: probabilities)
    }

    /// The index of the largest positive value (the first on ties), or nil when all are 0.
    func argmax(_ values: [Double]) -> Int? {
        var best: Int?
        for (i, value) in values.enumerated() where value > 0 && value > (best.map { values[$0] } ?? 0) {
            best = i
        }
        return best
    }
}
