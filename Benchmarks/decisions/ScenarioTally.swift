/// One engine's results on one scenario: verdict counts, exposure, time and, for A/B/n, winners and regret.
struct ScenarioTally: Codable, Sendable {
    var scenario: String
    var family: String
    var pattern: String
    var truth: Scenario.Truth
    var rps: Double
    var enoughTraffic: Bool
    var runs = 0
    var promoted = 0
    var failures = 0
    var inconclusive = 0
    var noData = 0
    var capped = 0
    var passed = 0
    var other = 0
    /// Requests served by a bad candidate, summed over runs.
    var badExposure = 0.0
    /// Requests served by a bad candidate over ``Horizon/intervals`` intervals from the start, summed over runs: a
    /// promoted candidate serves every request after its promotion (the same horizon for every engine).
    var badExposureHorizon = 0.0
    var intervals = 0
    var failedIterations = 0
    /// A/B/n: runs that decided for a version (promoted it, or kept the baseline on a failure verdict) whose true
    /// reward is more than 10 % below the best feasible version's, or that is itself infeasible.
    var wrongWinners = 0
    /// A/B/n: conversions lost per 1,000 requests, summed over runs.
    var regret = 0.0
    /// Conformance: verdicts that match the truth (borderline: none counted).
    var rightVerdicts = 0

    init(_ scenario: Scenario) {
        self.scenario = scenario.name
        family = scenario.family
        pattern = scenario.pattern.rawValue
        truth = scenario.truth
        rps = scenario.rps
        enoughTraffic = scenario.enoughTraffic
    }

    /// Adds one run.
    mutating func add(_ outcome: RunOutcome, _ scenario: Scenario) {
        runs += 1
        switch outcome.verdict {
        case .promoted: promoted += 1
        case .failure: failures += 1
        case .inconclusive: inconclusive += 1
        case .noData: noData += 1
        case .capped: capped += 1
        case .passed: passed += 1
        case .other: other += 1
        }
        intervals += outcome.intervals
        failedIterations += outcome.failedIterations
        switch scenario.pattern {
        case .canary:
            if truth == .bad {
                badExposure += outcome.served[1]
                badExposureHorizon += outcome.served[1]
                if outcome.verdict == .promoted, outcome.intervals < Horizon.intervals {
                    badExposureHorizon += scenario.rps * Horizon.intervalSeconds * Double(Horizon.intervals - outcome.intervals)
                }
            }
        case .conformance:
            let passes = outcome.verdict == .passed
            if (truth == .good && passes) || (truth == .bad && !passes) { rightVerdicts += 1 }
        case .abn:
            let best = scenario.bestFeasibleReward
            if let index = outcome.finalVersion {
                let chosen = scenario.versions[index]
                if scenario.truth(of: chosen) == .bad || chosen.conversionRate < 0.9 * best { wrongWinners += 1 }
            }
            let total = outcome.served.reduce(0, +)
            if total > 0 {
                let lost = zip(outcome.served, scenario.versions).map { n, v in n * max(0, best - v.conversionRate) }.reduce(0, +)
                regret += lost / total * 1000
            }
        }
    }

    /// Wrong verdicts that count against a good candidate: failure verdicts and no-data rollbacks.
    var wrongFailures: Int { failures + noData }
    /// Ends without a decision: inconclusive, capped or unknown.
    var undecided: Int { inconclusive + capped + other }
}
