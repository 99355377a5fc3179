import Foundation

/// The precision a status file keeps an analysis result at.
///
/// An iteration record keeps its analysis input exact (every value the engine received), and its result's
/// non-integral numbers (probabilities, posterior summaries, metric values, proposed weights, limits) at
/// ``recordedSignificantDigits`` significant digits: the 17-digit forms of derived values are most of what a
/// status file adds to the repository per iteration, and they do not compress. Decisions are made on the exact
/// result before it is recorded; everything a decision consists of (winner, weights, held, rollback, outcome,
/// reasons) is text, a Boolean or an integer and is kept as is. `iter8 replay` rounds the result it recomputes
/// the same way before comparing it byte for byte (``Replay``).
extension AnalysisResult {
    /// The significant digits the service records results at.
    public static let recordedSignificantDigits = 6

    /// The digits a recorded ``significantDigits`` may name: 1 to 17 (17 keep every `Double` exact).
    public static let significantDigitsRange = 1...17

    /// This result as an iteration record keeps it: every non-integral finite number rounded to `digits`
    /// significant digits (``rounded(_:significantDigits:)``), and ``significantDigits`` set to `digits`. Texts
    /// (reasons, model descriptions) are kept as the engine wrote them.
    public func recorded(significantDigits digits: Int = recordedSignificantDigits) -> AnalysisResult {
        let round = { (value: Double) in Self.rounded(value, significantDigits: digits) }
        let roundOptional = { (value: Double?) in value.map(round) }
        var result = self
        result.significantDigits = digits
        result.confidence = round(confidence)
        result.winnerThreshold = round(winnerThreshold)
        result.versions = versions.map { version in
            var version = version
            version.requestCount = roundOptional(version.requestCount)
            version.winProbability = round(version.winProbability)
            version.metrics = version.metrics.map { metric in
                var metric = metric
                metric.value = roundOptional(metric.value)
                metric.sampleSize = roundOptional(metric.sampleSize)
                metric.posterior = metric.posterior.map {
                    PosteriorSummary(mean: round($0.mean), lower: round($0.lower), upper: round($0.upper))
                }
                return metric
            }
            version.objectives = version.objectives.map { objective in
                var objective = objective
                objective.upperLimit = roundOptional(objective.upperLimit)
                objective.lowerLimit = roundOptional(objective.lowerLimit)
                objective.probabilitySatisfied = roundOptional(objective.probabilitySatisfied)
                objective.requiredSampleSize = roundOptional(objective.requiredSampleSize)
                return objective
            }
            return version
        }
        result.winner.probability = roundOptional(winner.probability)
        result.traffic.weights = traffic.weights.map { weight in
            var weight = weight
            weight.proposed = round(weight.proposed)
            return weight
        }
        result.decision?.requiredRequests = roundOptional(decision?.requiredRequests)
        return result
    }

    /// `value` rounded to `digits` significant digits (clamped to ``significantDigitsRange``): the `Double`
    /// nearest to the decimal that C's `%.{digits-1}e` prints for it (the exact binary value rounded half to even).
    /// Integral values up to 2^53 in magnitude, zero and non-finite values are returned unchanged.
    ///
    /// Computed without text when it can be done exactly (``DecimalRounding/significant(_:digits:)`` rounds as
    /// `%e` does, and ``RoundedDecimal/nearestDouble`` reads the decimal back as `Double(String)` does): at six
    /// digits every magnitude from 10^-17 to 10^28. Anything else goes through `String(format:)` and `Double(String)`
    /// (CoreFoundation's formatter there was 0.45 % of the CPU at 1,000 experiments).
    public static func rounded(_ value: Double, significantDigits digits: Int) -> Double {
        guard value.isFinite, value != 0 else { return value }
        if abs(value) <= 9_007_199_254_740_992, value == value.rounded(.towardZero) { return value }
        let precision = min(max(digits, significantDigitsRange.lowerBound), significantDigitsRange.upperBound)
        if let magnitude = DecimalRounding.significant(value, digits: precision)?.nearestDouble {
            return value < 0 ? -magnitude : magnitude
        }
        let text = String(format: "%.\(precision - 1)e", value)
        return Double(text) ?? value
    }
}
