import Foundation
import Testing

@testable import Experiments

/// `bayes` 3's reward comparisons by numerical integration (``RewardIntegral``) against closed forms and against
/// the counts over draws they replace (10⁶ draws, within 4 standard errors).
@Suite("bayes 3: reward comparisons by integration")
struct RewardIntegralTests {
    /// Counts over `draws` draws per version, as `bayes` 2 did (``UtilityMatrix``).
    func sampled(_ posteriors: [Posterior], sign: Double = 1, draws: Int = 1_000_000) -> UtilityMatrix {
        var matrix = UtilityMatrix(versions: posteriors.count, samples: draws)
        for (v, posterior) in posteriors.enumerated() {
            var generator = SeededGenerator(seed: 7, stream: UInt64(v))
            var values = [Double](repeating: 0, count: draws)
            values.withUnsafeMutableBufferPointer { posterior.draw(into: $0, using: &generator) }
            for i in 0..<draws { matrix.values[v * draws + i] = sign * values[i] }
        }
        return matrix
    }

    /// Four standard errors of a share estimated from n draws (at least 10⁻⁴ for shares near 0 or 1).
    func bound(_ p: Double, _ n: Int = 1_000_000) -> Double {
        max(4 * (p * (1 - p) / Double(n)).squareRoot(), 1e-4)
    }

    @Test func twoNormalsMatchTheClosedForm() throws {
        let posteriors: [Posterior?] = [.normal(mean: 10, sd: 1), .normal(mean: 11, sd: 2)]
        let integral = try #require(RewardIntegral(posteriors: posteriors, sign: 1))
        let best = try #require(integral.bestProbabilities(eligible: [true, true]))
        let exact = NormalDistribution.cdf(1 / 5.0.squareRoot())  // P(X₂ − X₁ > 0), X₂ − X₁ ~ N(1, 5)
        #expect(abs(best[1] - exact) < 1e-7)
        #expect(abs(best[0] + best[1] - 1) < 1e-7)
        // Within 10 % of the rival: P(X₂ ≥ 0.9·X₁) = Φ((11 − 9)/√(4 + 0.81)) (X₁ > 0 with probability 1 − 10⁻²³).
        let within = try #require(integral.probabilityWithin(0.1, of: 1, among: [true, true]))
        #expect(abs(within - NormalDistribution.cdf(2 / 4.81.squareRoot())) < 1e-6)
    }

    @Test func lowerIsBetterMirrorsTheRewards() throws {
        let posteriors: [Posterior?] = [.normal(mean: 10, sd: 1), .normal(mean: 11, sd: 2)]
        let integral = try #require(RewardIntegral(posteriors: posteriors, sign: -1))
        let best = try #require(integral.bestProbabilities(eligible: [true, true]))
        #expect(abs(best[0] - NormalDistribution.cdf(1 / 5.0.squareRoot())) < 1e-7)
        // −X₁ ≥ −X₂ − 0.1·|X₂| = −1.1·X₂ ⟺ X₁ ≤ 1.1·X₂: Φ((12.1 − 10)/√(1 + 4.84)).
        let within = try #require(integral.probabilityWithin(0.1, of: 0, among: [true, true]))
        #expect(abs(within - NormalDistribution.cdf(2.1 / 5.84.squareRoot())) < 1e-6)
    }

    /// The anchor's case b conversion rates under the Jeffreys prior: every comparison agrees with 10⁶ draws.
    @Test func betaRewardsAgreeWithDraws() throws {
        let rates: [(Double, Double)] = [(0.050, 4000), (0.056, 3900), (0.060, 4100), (0.070, 4050), (0.054, 3950)]
        let posteriors = rates.map { Posterior.beta(a: 0.5 + $0.0 * $0.1, b: 0.5 + $0.1 - $0.0 * $0.1) }
        let integral = try #require(RewardIntegral(posteriors: posteriors, sign: 1))
        let matrix = sampled(posteriors)
        for eligible in [[true, true, true, true, true], [true, true, true, false, true], [false, true, true, false, false]] {
            let best = try #require(integral.bestProbabilities(eligible: eligible))
            let counted = matrix.bestProbabilities(eligible: eligible)
            #expect(abs(best.reduce(0, +) - 1) < 1e-6)
            for v in 0..<5 { #expect(abs(best[v] - counted[v]) <= bound(counted[v]), "P(best) of \(v) for \(eligible)") }
            let leader = try #require(best.indices.max { best[$0] < best[$1] })
            let within = try #require(integral.probabilityWithin(0.1, of: leader, among: eligible))
            let withinCounted = matrix.probabilityWithin(0.1, of: leader, among: eligible)
            #expect(abs(within - withinCounted) <= bound(withinCounted))
            let top = try #require(integral.topTwoShares(eligible: eligible))
            let topCounted = matrix.topKShares(k: 2, eligible: eligible)
            for v in 0..<5 { #expect(abs(top[v] - topCounted[v]) <= bound(topCounted[v]), "top-2 share of \(v)") }
        }
    }

    @Test func versionsWithoutDataNeverWin() throws {
        let integral = try #require(RewardIntegral(posteriors: [.beta(a: 20.5, b: 380.5), nil, .beta(a: 30.5, b: 370.5)], sign: 1))
        let best = try #require(integral.bestProbabilities(eligible: [true, true, true]))
        #expect(best[1] == 0)
        #expect(abs(best[0] + best[2] - 1) < 1e-6)
        #expect(integral.probabilityWithin(0.1, of: 1, among: [true, true, true]) == nil)
        #expect(integral.topTwoShares(eligible: [true, true, true]) == nil)  // the draws decide, as before
        #expect(integral.bestProbabilities(eligible: [false, true, false]) == nil)
    }

    /// Unbounded densities, point masses and percentiles are left to the draws.
    @Test func otherPosteriorsAreNotIntegrated() {
        #expect(RewardIntegral(posteriors: [.beta(a: 0.5, b: 100.5), .beta(a: 10.5, b: 90.5)], sign: 1) == nil)
        #expect(RewardIntegral(posteriors: [.pointMass(3), .normal(mean: 3, sd: 1)], sign: 1) == nil)
        #expect(RewardIntegral(posteriors: [.normal(mean: 3, sd: 0), .normal(mean: 3, sd: 1)], sign: 1) == nil)
        // Spreads 10⁶ apart would need more grid points than allowed.
        #expect(RewardIntegral(posteriors: [.normal(mean: 0, sd: 1e-6), .normal(mean: 0, sd: 1)], sign: 1) == nil)
    }

    /// The engine uses the integral for Beta rewards: its P(best) sums to 1 and agrees with `bayes` 2's draws.
    @Test func theEngineReportsIntegratedWinProbabilities() throws {
        let input = AnalysisAnchorCases.caseB(seed: 3)
        let result = try BayesEngine().assess(input)
        #expect(result.engineVersion == 3)
        let feasible = result.versions.map(\.winProbability)
        #expect(abs(feasible.reduce(0, +) - 1) < 1e-6)
        // Identical for every seed: nothing is drawn for this input.
        let again = try BayesEngine().assess(AnalysisAnchorCases.caseB(seed: 4))
        #expect(again.versions.map(\.winProbability) == feasible)
    }
}
