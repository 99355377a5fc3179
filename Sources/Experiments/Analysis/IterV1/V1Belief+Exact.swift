import Foundation

/// Exact versions of what iter8 v1 estimated from 10,000 draws clipped below at 0 (`iter8-v1` version 2):
/// the mean and the 2.5/97.5 percentiles of the draws, and the share of draws on the good side of an absolute
/// limit. Each is the limit the Monte-Carlo estimate converges to, so iter8's results stay within their own
/// Monte-Carlo error of these.
extension V1Belief {
    /// The tail mass outside iter8 v1's credible interval on each side.
    static let intervalTail = 0.025

    /// The mean and the central 95 % interval of the draws clipped at 0, nil for a belief without draws.
    ///
    /// - Beta: mean a/(a + b); the interval from the Beta quantiles (clipping never applies).
    /// - Normal(μ, σ²) clipped at 0: the mean of max(0, X) is μΦ(μ/σ) + σφ(μ/σ); clipping is monotone, so the
    ///   quantiles are max(0, μ ± 1.96σ).
    /// - Point mass: max(0, value) three times.
    var exactSummary: PosteriorSummary? {
        switch self {
        case .uninitialised, .counter:
            return nil
        case let .pointMass(value):
            let x = max(0, value)
            return PosteriorSummary(mean: x, lower: x, upper: x)
        case let .beta(a, b):
            return PosteriorSummary(
                mean: a / (a + b), lower: SpecialFunctions.betaQuantile(Self.intervalTail, a: a, b: b),
                upper: SpecialFunctions.betaQuantile(1 - Self.intervalTail, a: a, b: b))
        case let .normal(mean, variance):
            let sd = variance.squareRoot()
            let z = NormalDistribution.quantile(1 - Self.intervalTail)
            let ratio = mean / sd
            let density = exp(-0.5 * ratio * ratio) / (2 * Double.pi).squareRoot()
            let clippedMean = mean * NormalDistribution.cdf(ratio) + sd * density
            return PosteriorSummary(mean: clippedMean, lower: max(0, mean - z * sd), upper: max(0, mean + z * sd))
        }
    }

    /// P(draw ≤ limit) (`upper`) or P(draw ≥ limit) for the draws clipped at 0; nil for a belief without draws.
    func exactProbability(upper: Bool, limit: Double) -> Double? {
        switch self {
        case .uninitialised, .counter:
            return nil
        case let .pointMass(value):
            let x = max(0, value)
            return (upper ? x <= limit : x >= limit) ? 1 : 0
        case let .beta(a, b):
            let below = SpecialFunctions.betaCDF(limit, a: a, b: b)
            return upper ? below : 1 - below
        case let .normal(mean, variance):
            let sd = variance.squareRoot()
            if upper {
                return limit < 0 ? 0 : NormalDistribution.cdf((limit - mean) / sd)
            }
            return limit <= 0 ? 1 : NormalDistribution.cdf((mean - limit) / sd)
        }
    }
}
