import Testing
@testable import Experiments

@Suite("Special functions: closed forms and reference values")
struct AnalysisSpecialFunctionTests {
    @Test("I_0.5(2,3) = 0.6875 and I_x(1,1) = x")
    func closedForms() {
        #expect(abs(SpecialFunctions.incompleteBeta(x: 0.5, a: 2, b: 3) - 0.6875) < 1e-14)
        for x in [0.0, 0.1, 0.37, 0.5, 0.99, 1.0] {
            #expect(abs(SpecialFunctions.incompleteBeta(x: x, a: 1, b: 1) - x) < 1e-14)
        }
    }

    @Test("symmetry: I_x(a,b) = 1 − I_{1−x}(b,a) and I_0.5(a,a) = 0.5", arguments: [0.5, 3.0, 40.0, 1000.0])
    func symmetry(a: Double) {
        #expect(abs(SpecialFunctions.incompleteBeta(x: 0.5, a: a, b: a) - 0.5) < 1e-12)
        let x = 0.3
        let lhs = SpecialFunctions.incompleteBeta(x: x, a: a, b: 2 * a)
        let rhs = 1 - SpecialFunctions.incompleteBeta(x: 1 - x, a: 2 * a, b: a)
        #expect(abs(lhs - rhs) < 1e-12)
    }

    /// Values from `scipy.special.betainc(a, b, x)`.
    @Test(
        "matches scipy's betainc",
        arguments: [
            (0.5, 0.5, 0.3, 0.36901011956554536),
            (20.1, 4980.1, 0.005, 0.8621589082841579),
            (45.1, 4755.1, 0.01, 0.6822360293953456),
            (10.0, 10.0, 0.45, 0.3289640875783926),
            (0.1, 0.1, 0.9, 0.593614906063724),
            (1000.5, 2.5, 0.999, 0.8486603446840317),
            (10000.5, 1_000_000.0, 0.0101, 0.9775238701913886),
        ])
    func scipy(a: Double, b: Double, x: Double, expected: Double) {
        #expect(abs(SpecialFunctions.betaCDF(x, a: a, b: b) - expected) < 1e-10)
    }

    /// Values from `scipy.special.gammaln`.
    @Test(
        "log-gamma matches scipy's gammaln",
        arguments: [
            (0.1, 2.252712651734206), (0.5, 0.5723649429247), (1.0, 0.0), (3.7, 1.428072326665388),
            (100.25, 360.28455963776423), (100_000.0, 1051287.7089736569),
        ])
    func logGamma(x: Double, expected: Double) {
        #expect(abs(SpecialFunctions.logGamma(x) - expected) <= 1e-13 * max(1, abs(expected)))
    }

    @Test("beta quantile inverts the CDF (scipy betaincinv values)")
    func betaQuantile() {
        #expect(abs(SpecialFunctions.betaQuantile(0.025, a: 45.1, b: 4755.1) - 0.00686513949379038) < 1e-12)
        #expect(abs(SpecialFunctions.betaQuantile(0.975, a: 45.1, b: 4755.1) - 0.01231235906104254) < 1e-12)
        for p in [0.001, 0.2, 0.5, 0.9, 0.999] {
            let x = SpecialFunctions.betaQuantile(p, a: 0.5, b: 3)
            #expect(abs(SpecialFunctions.betaCDF(x, a: 0.5, b: 3) - p) < 1e-11)
        }
    }

    @Test("normal CDF and quantile (scipy ndtr, ndtri values)")
    func normal() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-12)
        #expect(abs(NormalDistribution.quantile(1e-10) - -6.361340902404056) < 1e-10)
        #expect(abs(NormalDistribution.cdf(-1.3) - 0.09680048458561036) < 1e-14)
        #expect(NormalDistribution.cdf(5, mean: 5, sd: 0) == 1)
    }

    @Test("percentiles by selection equal sorted linear interpolation")
    func percentiles() {
        var g = SeededGenerator(seed: 21)
        for (n, levels) in [(1, 10.0), (2, 10), (7, 10), (100, 10), (10_000, 10), (10_000, 1e9), (50_000, 3)] {
            let values = (0..<n).map { _ in (g.nextUnit() * levels).rounded() }  // ties unless levels is large
            let sorted = values.sorted()
            var scratch = [Double](repeating: 0, count: n)
            let got = values.withUnsafeBufferPointer { v in
                scratch.withUnsafeMutableBufferPointer { SampleStatistics.percentiles(v, [2.5, 50, 97.5], scratch: $0) }
            }
            let pair = values.withUnsafeBufferPointer { v in
                scratch.withUnsafeMutableBufferPointer { SampleStatistics.percentiles(v, [2.5, 97.5], scratch: $0) }
            }
            #expect(pair == [got[0], got[2]])
            for (q, value) in zip([2.5, 50, 97.5], got) {
                let position = q / 100 * Double(n - 1)
                let k = Int(position)
                let f = position - Double(k)
                let expected = k + 1 < n ? sorted[k] + f * (sorted[k + 1] - sorted[k]) : sorted[k]
                #expect(abs(value - expected) < 1e-12)
            }
        }
    }
}
