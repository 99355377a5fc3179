@testable import Experiments
import Testing

/// `iter8-v1` version 2 computes exactly what version 1 (and iter8 v1) estimated from 10,000 draws clipped at 0:
/// the posterior mean, the 2.5/97.5 percentiles and P(satisfy) of an absolute limit. These tests hold the exact
/// values to the Monte-Carlo estimates of the engine's own sampler, within 4 standard errors of 10⁵ draws.
@Suite("iter8-v1 engine: exact summaries and probabilities agree with Monte Carlo")
struct EngineIterV1ExactTests {
    static let beliefs: [V1Belief] = [
        .beta(a: 45.1, b: 4755.1),  // case a, v2's error rate
        .beta(a: 0.1 + 75.85, b: 0.1 + 4024.15),  // case b, v3's error rate
        .normal(mean: 231, variance: 18.5 / 4801),  // case a, v2's latency
        .normal(mean: 0.4, variance: 0.25),  // clipping at 0 matters: P(X < 0) ≈ 0.21
        .pointMass(3),
        .pointMass(-1),
    ]

    func draws(_ belief: V1Belief, count: Int = 100_000, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed, stream: 5)
        var values = [Double](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { belief.draw(into: $0, using: &generator) }
        return values
    }

    @Test("P(draw ≤ limit) and P(draw ≥ limit) within 4 standard errors", arguments: Array(beliefs.indices))
    func probabilities(index: Int) throws {
        let belief = Self.beliefs[index]
        let values = draws(belief, seed: UInt64(index))
        let sorted = values.sorted()
        // Limits at the draws' deciles (where the probability is informative) and outside the support.
        let limits = [0.1, 0.3, 0.5, 0.7, 0.9].map { sorted[Int($0 * Double(sorted.count))] } + [-1, 0, 1e9]
        for limit in limits {
            for upper in [true, false] {
                let exact = try #require(belief.exactProbability(upper: upper, limit: limit))
                let share = Double(values.filter { upper ? $0 <= limit : $0 >= limit }.count) / Double(values.count)
                let error = 4 * (max(exact * (1 - exact), 1e-6) / Double(values.count)).squareRoot() + 1e-5
                #expect(abs(exact - share) <= error, "\(belief) \(upper ? "≤" : "≥") \(limit): \(exact) vs \(share)")
            }
        }
    }

    @Test("the mean and the 2.5/97.5 percentiles within 4 standard errors", arguments: Array(beliefs.indices))
    func summaries(index: Int) throws {
        let belief = Self.beliefs[index]
        let values = draws(belief, seed: 100 + UInt64(index))
        let summary = try #require(belief.exactSummary)
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / n).squareRoot()
        #expect(abs(summary.mean - mean) <= 4 * sd / n.squareRoot() + 1e-12)
        let q = values.withUnsafeBufferPointer { v in
            var scratch = [Double](repeating: 0, count: values.count)
            return scratch.withUnsafeMutableBufferPointer { SampleStatistics.percentiles(v, [2.5, 97.5], scratch: $0) }
        }
        // A percentile's standard error is √(p(1 − p)/n) / density; 4 of them, with the density bounded below by
        // the one of a normal with the draws' sd at 1.96 sd (a generous bound for these unimodal beliefs).
        let density = sd > 0 ? 0.058 / sd : 1
        let error = 4 * (0.025 * 0.975 / n).squareRoot() / density + 1e-12
        #expect(abs(summary.lower - q[0]) <= error, "\(belief) lower \(summary.lower) vs \(q[0])")
        #expect(abs(summary.upper - q[1]) <= error, "\(belief) upper \(summary.upper) vs \(q[1])")
    }

    @Test("beliefs without draws have no summary and no probability")
    func withoutDraws() {
        #expect(V1Belief.uninitialised.exactSummary == nil)
        #expect(V1Belief.counter(4).exactProbability(upper: true, limit: 5) == nil)
    }

    @Test("the engine records version 2, and the same seed gives the same result")
    func versionAndDeterminism() throws {
        let first = try IterV1Engine().assess(AnalysisAnchorCases.caseB(seed: 3))
        let second = try IterV1Engine().assess(AnalysisAnchorCases.caseB(seed: 3))
        #expect(first.engineVersion == 2)
        #expect(first == second)
    }

    @Test("a relative criterion still compares paired draws: a candidate equal to the baseline is 50/50")
    func relativeCriterion() throws {
        let versions = ["v1", "v2"].map { name in
            VersionData(name: name, requestCount: 4000, observations: ["error_rate": .counts(events: 40, trials: 4000)])
        }
        let input = AnalysisInput(
            versions: versions, testingPattern: .canary, metrics: [MetricDescriptor(name: "error_rate", kind: .ratio)],
            objectives: [Objective(metric: "error_rate", upperLimit: 1, relativeToBaseline: true)],
            settings: AnalysisSettings(seed: 1))
        let p = try #require(try IterV1Engine().assess(input).version("v2")?.objectives[0].probabilitySatisfied)
        #expect(abs(p - 0.5) <= 4 * (0.25 / 10_000).squareRoot())
        #expect(p != 0.5)  // estimated from draws, not a closed form
    }
}
