/// The five measures over a set of canary scenario tallies.
struct Measures: Codable, Sendable {
    var runs = 0
    var badRuns = 0
    var wrongPromotions = 0
    var goodRuns = 0
    var wrongFailures = 0
    var goodEnoughTrafficRuns = 0
    var inconclusiveGoodEnoughTraffic = 0
    var borderlineRuns = 0
    /// Requests served by bad candidates, in total, until each decision.
    var badExposure = 0.0
    /// Requests served by bad candidates over the common horizon (``Horizon``), promotions included.
    var badExposureHorizon = 0.0
    var intervals = 0
    var cappedRuns = 0

    init(_ tallies: [ScenarioTally]) {
        for tally in tallies where tally.pattern == Scenario.Pattern.canary.rawValue {
            runs += tally.runs
            intervals += tally.intervals
            cappedRuns += tally.capped
            switch tally.truth {
            case .bad:
                badRuns += tally.runs
                wrongPromotions += tally.promoted
                badExposure += tally.badExposure
                badExposureHorizon += tally.badExposureHorizon
            case .good:
                goodRuns += tally.runs
                wrongFailures += tally.wrongFailures
                if tally.enoughTraffic {
                    goodEnoughTrafficRuns += tally.runs
                    inconclusiveGoodEnoughTraffic += tally.undecided
                }
            case .borderline:
                borderlineRuns += tally.runs
            }
        }
        wrongPromotionRate = Self.rate(wrongPromotions, badRuns)
        wrongFailureRate = Self.rate(wrongFailures, goodRuns)
        inconclusiveRate = Self.rate(inconclusiveGoodEnoughTraffic, goodEnoughTrafficRuns)
        meanIntervals = runs > 0 ? Double(intervals) / Double(runs) : nil
    }

    /// Bad candidates promoted / bad candidates.
    var wrongPromotionRate: Double?
    /// Good candidates declared failing (failure verdict or no-data rollback) / good candidates.
    var wrongFailureRate: Double?
    /// Inconclusive ends of good candidates with enough traffic / good candidates with enough traffic.
    var inconclusiveRate: Double?
    /// Mean iterations until the decision.
    var meanIntervals: Double?

    static func rate(_ count: Int, _ total: Int) -> Double? { total > 0 ? Double(count) / Double(total) : nil }
}
