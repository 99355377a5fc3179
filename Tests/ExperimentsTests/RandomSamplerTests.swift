import Testing
@testable import Experiments

/// Moments of the samplers at a fixed seed: 200,000 draws, tolerances of about 5 standard errors.
@Suite("Samplers: moments at a fixed seed")
struct RandomSamplerTests {
    let n = 200_000

    func moments(_ draw: (inout SeededGenerator) -> Double, seed: UInt64 = 11) -> (mean: Double, variance: Double) {
        var g = SeededGenerator(seed: seed)
        var sum = 0.0
        var sumSquares = 0.0
        for _ in 0..<n {
            let x = draw(&g)
            sum += x
            sumSquares += x * x
        }
        let mean = sum / Double(n)
        return (mean, sumSquares / Double(n) - mean * mean)
    }

    @Test("standard normal: mean 0, variance 1, tails present")
    func normal() {
        let m = moments { Sampling.standardNormal(using: &$0) }
        #expect(abs(m.mean) < 0.012)
        #expect(abs(m.variance - 1) < 0.02)
        var g = SeededGenerator(seed: 5)
        var beyond = 0
        for _ in 0..<n where abs(Sampling.standardNormal(using: &g)) > 3.442619855899 { beyond += 1 }
        // P(|Z| > 3.4426) = 5.76e-4: about 115 of 200,000.
        #expect(beyond > 70 && beyond < 170)
    }

    @Test("gamma: mean and variance equal the shape", arguments: [0.3, 1.0, 2.5, 20.0, 5000.0])
    func gamma(shape: Double) {
        let m = moments { Sampling.gamma(shape: shape, using: &$0) }
        let se = (shape / Double(n)).squareRoot()
        #expect(abs(m.mean - shape) < 5 * se)
        #expect(abs(m.variance / shape - 1) < 0.03)
    }

    @Test("beta: mean a/(a+b) and the beta variance", arguments: [(0.1, 0.1), (2.0, 3.0), (20.1, 4980.1)])
    func beta(a: Double, b: Double) {
        let m = moments { Sampling.beta(a, b, using: &$0) }
        let mean = a / (a + b)
        let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        #expect(abs(m.mean - mean) < 5 * (variance / Double(n)).squareRoot())
        #expect(abs(m.variance / variance - 1) < 0.03)
    }

    @Test("bernoulli: frequency equals p")
    func bernoulli() {
        var g = SeededGenerator(seed: 3)
        var hits = 0
        for _ in 0..<n where Sampling.bernoulli(0.3, using: &g) { hits += 1 }
        let p = Double(hits) / Double(n)
        #expect(abs(p - 0.3) < 5 * (0.21 / Double(n)).squareRoot())
    }

    @Test("dirichlet: components sum to 1 and have the beta marginal means")
    func dirichlet() {
        var g = SeededGenerator(seed: 9)
        let alpha = [0.5, 2.0, 7.5]
        var sums = [0.0, 0.0, 0.0]
        let draws = 50_000
        for _ in 0..<draws {
            let x = Sampling.dirichlet(alpha, using: &g)
            #expect(abs(x.reduce(0, +) - 1) < 1e-12)
            for j in 0..<3 { sums[j] += x[j] }
        }
        for j in 0..<3 {
            #expect(abs(sums[j] / Double(draws) - alpha[j] / 10) < 0.005)
        }
    }

    @Test("fill functions reproduce the scalar stream for the same seed")
    func fillMatchesSeed() {
        var a = [Double](repeating: 0, count: 1000)
        var b = [Double](repeating: 0, count: 1000)
        var g1 = SeededGenerator(seed: 77)
        var g2 = SeededGenerator(seed: 77)
        a.withUnsafeMutableBufferPointer { Sampling.fillBeta($0, a: 3, b: 4, using: &g1) }
        b.withUnsafeMutableBufferPointer { Sampling.fillBeta($0, a: 3, b: 4, using: &g2) }
        #expect(a == b)
        var g3 = SeededGenerator(seed: 78)
        b.withUnsafeMutableBufferPointer { Sampling.fillBeta($0, a: 3, b: 4, using: &g3) }
        #expect(a != b)
    }
}
