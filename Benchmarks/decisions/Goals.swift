/// The goals `bayes` is held to, each with its measured value and PASS/FAIL (or n/a when the selected
/// scenarios give it no data, e.g. under `--filter`).
struct Goal: Codable, Sendable {
    var name: String
    var target: String
    var measured: String
    /// nil: not measurable on the scenarios run.
    var passed: Bool?
    /// The measured number (a share, or intervals), when there is one.
    var value: Double?

    /// The goals from the bayes and stepper measures and the bayes A/B/n tallies.
    static func evaluate(
        bayes: Measures, lowTraffic: Measures, nearLimit: Measures, stepper: Measures?, abn: [ScenarioTally]
    ) -> [Goal] {
        func rate(_ name: String, _ value: Double?, _ limit: Double) -> Goal {
            Goal(
                name: name, target: "≤ \(Text.percent(limit))", measured: value.map { Text.percent($0) } ?? "n/a (no such runs)",
                passed: value.map { $0 <= limit }, value: value)
        }
        var goals = [
            rate("wrong promotions", bayes.wrongPromotionRate, 0.01),
            rate("wrong promotions, low traffic (1–5 rps)", lowTraffic.wrongPromotionRate, 0.01),
            rate("wrong failure verdicts", bayes.wrongFailureRate, 0.01),
            rate("inconclusive (good, ≥ 20 rps)", bayes.inconclusiveRate, 0.02),
            rate("inconclusive, good near a limit (≥ 20 rps)", nearLimit.inconclusiveRate, 0.02),
        ]
        if let stepper, stepper.badExposure > 0 {
            let share = bayes.badExposure / stepper.badExposure
            goals.append(Goal(
                name: "bad exposure until the decision vs stepper", target: "≤ 50 %", measured: Text.percent(share),
                passed: share <= 0.5, value: share))
            let horizon = stepper.badExposureHorizon > 0 ? bayes.badExposureHorizon / stepper.badExposureHorizon : 0
            goals.append(Goal(
                name: "bad exposure over \(Horizon.intervals) intervals vs stepper", target: "≤ 50 %",
                measured: Text.percent(horizon), passed: horizon <= 0.5, value: horizon))
        } else {
            goals.append(Goal(name: "bad-candidate exposure vs stepper", target: "≤ 50 %", measured: "n/a (no stepper exposure)"))
        }
        if let theirs = stepper?.meanIntervals, let mine = bayes.meanIntervals {
            goals.append(Goal(
                name: "mean intervals to decision vs stepper", target: "≤ \(Text.number(theirs, 2)) (stepper)",
                measured: Text.number(mine, 2), passed: mine <= theirs, value: mine))
        } else {
            goals.append(Goal(name: "mean intervals to decision vs stepper", target: "≤ stepper", measured: "n/a (no stepper runs)"))
        }
        let runs = abn.map(\.runs).reduce(0, +)
        let wrong = abn.map(\.wrongWinners).reduce(0, +)
        goals.append(rate("A/B/n wrong winners", Measures.rate(wrong, runs), 0.01))
        return goals
    }
}
