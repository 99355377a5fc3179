import Testing
import Experiments

/// `iter8-v1` against the Python anchor (`iter8-analytics-anchor.md` §5, v1 engine), with the
/// anchor's tolerances.
@Suite("iter8-v1 engine: anchor case a (Canary)")
struct EngineIterV1CaseATests {
    let engine = IterV1Engine()

    @Test("P(satisfy) matches the exact Beta CDF; every other probability is 1", arguments: [1, 2, 3] as [UInt64])
    func probabilities(seed: UInt64) throws {
        let result = try engine.assess(AnalysisAnchorCases.caseA(seed: seed))
        let exact = 0.6822360293953456  // scipy betainc(45.1, 4755.1, 0.01)
        let p = try #require(result.version("v2")?.objectives[1].probabilitySatisfied)
        #expect(abs(p - exact) <= AnalysisAnchorCases.tolerance(exact))
        #expect(result.version("v2")?.objectives[0].probabilitySatisfied == 1)
        // iter8's 10,000 draws gave 1 (no draw on the bad side); the exact value (1 − 4.8e-7 for v1's errors)
        // is within that estimate's Monte-Carlo error.
        #expect(AnalysisAnchorCases.nearlyOne(result.version("v1")?.objectives.map(\.probabilitySatisfied)))
        #expect(result.versions.flatMap(\.objectives).allSatisfy { $0.thresholdBreached == false })
    }

    @Test("win probabilities within 4 sd of the anchor mean; best v2; no winner", arguments: [1, 2, 3] as [UInt64])
    func wins(seed: UInt64) throws {
        let result = try engine.assess(AnalysisAnchorCases.caseA(seed: seed))
        let v1 = try #require(result.version("v1")).winProbability
        let v2 = try #require(result.version("v2")).winProbability
        #expect(abs(v1 - 0.3184) <= 4 * 0.0062)
        #expect(abs(v2 - 0.6816) <= 4 * 0.0062)
        #expect(abs(v1 + v2 - 1) < 1e-12)
        #expect(result.bestVersion == "v2")
        #expect(!result.winner.found)
        #expect(result.recommendedVersionForPromotion == "v1")
    }

    @Test("split is exactly 70/30 for every strategy under max_increment 10 from 80/20",
          arguments: [TrafficPolicy.progressive, .top2, .uniform])
    func split(policy: TrafficPolicy) throws {
        for seed in 1...10 as ClosedRange<UInt64> {
            let result = try engine.assess(AnalysisAnchorCases.caseA(policy: policy, seed: seed))
            #expect(result.traffic.weights.map(\.weight) == [70, 30])
        }
    }

    @Test("credible intervals agree with the exact posterior quantiles")
    func credibleIntervals() throws {
        let result = try engine.assess(AnalysisAnchorCases.caseA())
        let expected: [(String, Int, Double, Double, Double)] = [
            ("v1", 0, 212.381, 212.619, 0.01), ("v1", 1, 0.00246, 0.00595, 0.0002),
            ("v2", 0, 230.878, 231.122, 0.01), ("v2", 1, 0.00687, 0.01231, 0.0003),
        ]
        for (name, metric, lower, upper, tolerance) in expected {
            let posterior = try #require(result.version(name)?.metrics[metric].posterior)
            #expect(abs(posterior.lower - lower) < tolerance)
            #expect(abs(posterior.upper - upper) < tolerance)
        }
    }

    @Test("the winner path: with v2's error rate at 0.006 v2 wins above 0.99")
    func winner() throws {
        // P(error ≤ 0.01) for Beta(0.1 + 28.8, 0.1 + 4771.2) = 0.99886 (scipy); v2 then wins every draw
        // in which its mask is 1 (pseudo-reward 2 > 1), so P(v2 best) ≈ 0.9989. The threshold 0.99 is
        // crossed for error rates up to about 0.0068 at 4800 requests (P = 0.9919; 0.0069 gives 0.9900).
        for seed in 1...5 as ClosedRange<UInt64> {
            let result = try engine.assess(AnalysisAnchorCases.caseA(seed: seed, candidateErrorRate: 0.006))
            let p = try #require(result.version("v2")).winProbability
            #expect(abs(p - 0.99886) <= AnalysisAnchorCases.tolerance(0.99886))
            #expect(result.winner.found)
            #expect(result.winner.version == "v2")
            #expect(result.recommendedVersionForPromotion == "v2")
        }
    }
}

@Suite("iter8-v1 engine: anchor case b (A/B/N)")
struct EngineIterV1CaseBTests {
    let engine = IterV1Engine()

    @Test("P(satisfy) that is not 1 matches the exact values")
    func probabilities() throws {
        let result = try engine.assess(AnalysisAnchorCases.caseB())
        let v3 = try #require(result.version("v3")?.objectives[1].probabilitySatisfied)
        #expect(abs(v3 - 0.7644336764879328) <= AnalysisAnchorCases.tolerance(0.7644))
        let v2 = try #require(result.version("v2")?.objectives[1].probabilitySatisfied)
        #expect(abs(v2 - 0.9999487703196349) <= AnalysisAnchorCases.tolerance(0.9999))
        #expect(result.version("v4")?.objectives[0].probabilitySatisfied == 0)
        #expect(result.version("v4")?.objectives[0].thresholdBreached == true)
        #expect(AnalysisAnchorCases.nearlyOne(result.version("v1")?.objectives.map(\.probabilitySatisfied)))
    }

    @Test("win probabilities within 4 sd of the anchor means; best v3; no winner", arguments: [1, 2, 3] as [UInt64])
    func wins(seed: UInt64) throws {
        let result = try engine.assess(AnalysisAnchorCases.caseB(seed: seed))
        let anchor: [(String, Double, Double)] = [
            ("v1", 0.0216, 0.0015), ("v2", 0.2932, 0.0050), ("v3", 0.5449, 0.0058), ("v4", 0, 0),
            ("v5", 0.1403, 0.0036),
        ]
        for (name, mean, sd) in anchor {
            let p = try #require(result.version(name)).winProbability
            #expect(abs(p - mean) <= 4 * sd + 1e-12, "\(name): \(p)")
        }
        #expect(result.bestVersion == "v3")
        #expect(!result.winner.found)
    }

    @Test("splits: integers summing to 100; uniform gives 20 each; means near the pre-rounding mix")
    func splits() throws {
        let mixes: [TrafficPolicy: [Double]] = [
            .progressive: [3.92, 28.39, 51.03, 2.00, 14.66],
            .top2: [7.22, 33.83, 33.87, 2.00, 23.07],
            .uniform: [20, 20, 20, 20, 20],
        ]
        let runs = 20
        for (policy, mix) in mixes {
            var sums = [Double](repeating: 0, count: 5)
            for seed in 1...runs {
                let weights = try engine.assess(AnalysisAnchorCases.caseB(policy: policy, seed: UInt64(seed)))
                    .traffic.weights.map(\.weight)
                #expect(weights.reduce(0, +) == 100)
                #expect(weights.allSatisfy { $0 >= 0 })
                if policy == .uniform { #expect(weights == [20, 20, 20, 20, 20]) }
                for v in 0..<5 { sums[v] += Double(weights[v]) }
            }
            for v in 0..<5 {
                // Per call: MC spread of the mix (≤ 0.6 points) plus rounding (≤ 0.5); over 20 calls ≤ 0.25.
                #expect(abs(sums[v] / Double(runs) - mix[v]) < 0.75, "\(policy) v\(v + 1)")
            }
        }
    }
}
