import Experiments
import Foundation
@testable import Sandbox
import Testing

@Suite("The mesh's aggregate draws follow the per-request distributions")
struct MeshSamplingTests {
    static let binomialCases: [(Int, Double)] = [(10, 0.1), (50, 0.9), (40, 0.5), (1000, 0.3), (100_000, 0.02), (7, 0)]

    @Test("binomial draws have mean n·p and variance n·p·(1−p)", arguments: binomialCases)
    func binomialMoments(n: Int, p: Double) {
        var generator = SeededGenerator(seed: 21)
        let draws = (0..<20_000).map { _ in Double(MeshSampling.binomial(n, p, using: &generator)) }
        #expect(draws.allSatisfy { $0 >= 0 && $0 <= Double(n) })
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        let expected = Double(n) * p
        let expectedVariance = expected * (1 - p)
        // The standard error of the mean is sqrt(var / 20000); allow 5 of them. The variance within 5 %.
        #expect(abs(mean - expected) <= 5 * (expectedVariance / 20_000).squareRoot() + 1e-12, "mean \(mean) vs \(expected)")
        #expect(abs(variance - expectedVariance) <= 0.05 * expectedVariance + 1e-12, "variance \(variance) vs \(expectedVariance)")
    }

    @Test("small binomials have the exact probabilities (chi-square against the pmf)")
    func binomialShape() {
        var generator = SeededGenerator(seed: 5)
        let (n, p, draws) = (12, 0.3, 50_000)
        var counts = [Int](repeating: 0, count: n + 1)
        for _ in 0..<draws { counts[MeshSampling.binomial(n, p, using: &generator)] += 1 }
        var chiSquare = 0.0
        var cells = 0
        for k in 0...n {
            let pmf = Self.choose(n, k) * pow(p, Double(k)) * pow(1 - p, Double(n - k))
            let expected = pmf * Double(draws)
            guard expected >= 5 else { continue }
            chiSquare += pow(Double(counts[k]) - expected, 2) / expected
            cells += 1
        }
        // About 9 degrees of freedom: the 0.999 quantile of χ²(9) is 27.9.
        #expect(chiSquare < 27.9, "χ² = \(chiSquare) over \(cells) cells")
    }

    @Test("multinomial counts add up to n and split by the weights")
    func multinomial() {
        var generator = SeededGenerator(seed: 8)
        let weights = [90.0, 0, 10, 0]
        var totals = [Int](repeating: 0, count: weights.count)
        for _ in 0..<2_000 {
            let counts = MeshSampling.multinomial(50, weights: weights, using: &generator)
            #expect(counts.reduce(0, +) == 50)
            for index in counts.indices { totals[index] += counts[index] }
        }
        #expect(totals[1] == 0 && totals[3] == 0)
        // Binomial(100000, 0.1): σ ≈ 95; allow 5σ.
        #expect(abs(totals[2] - 10_000) <= 475, "\(totals)")
    }

    @Test("the same seed gives the same draws, another seed others")
    func deterministic() {
        func draws(_ seed: UInt64) -> [Int] {
            var generator = SeededGenerator(seed: seed)
            let latency = LatencyDistribution(mean: 50, sigma: 0.5)
            return (0..<100).flatMap { _ in
                [MeshSampling.binomial(1000, 0.2, using: &generator), MeshSampling.binomial(10, 0.5, using: &generator)]
                    + MeshSampling.multinomial(20, weights: [1, 2, 3], using: &generator)
                    + latency.draw(30, using: &generator).buckets
            }
        }
        #expect(draws(3) == draws(3))
        #expect(draws(3) != draws(4))
    }

    @Test("the log-normal's bucket probabilities and conditional means give back its mean and variance")
    func latencyTable() {
        for (mean, sigma) in [(50.0, 0.5), (120, 0.5), (3, 1.5), (60, 0.1)] {
            let table = LatencyDistribution(mean: mean, sigma: sigma)
            let total = table.probabilities.reduce(0, +)
            #expect(abs(total - 1) < 1e-9)
            let recovered = zip(table.probabilities, table.means).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(recovered - mean) / mean < 1e-6, "mean \(recovered) for \(mean), σ \(sigma)")
            // Law of total variance: E[Var | bucket] + Var[E | bucket] = mean² (e^σ² − 1).
            let within = zip(table.probabilities, table.variances).reduce(0) { $0 + $1.0 * $1.1 }
            let between = zip(table.probabilities, table.means).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
            let expected = mean * mean * (exp(sigma * sigma) - 1)
            #expect(abs(within + between - expected) / expected < 1e-4, "variance \(within + between) vs \(expected)")
        }
        let fixed = LatencyDistribution(mean: 30, sigma: 0)
        var generator = SeededGenerator(seed: 1)
        let draw = fixed.draw(7, using: &generator)
        #expect(draw.sum == 210)
        #expect(draw.buckets[MeshMetrics.durationBuckets.firstIndex(of: 50)!] == 7)
    }

    @Test("a second's latencies drawn at once match one request at a time: buckets, mean and spread of the sum")
    func latencyDraws() {
        let (mean, sigma, perSecond, seconds) = (50.0, 0.5, 10, 20_000)
        let table = LatencyDistribution(mean: mean, sigma: sigma)
        var generator = SeededGenerator(seed: 13)
        var aggregate = [Int](repeating: 0, count: MeshMetrics.durationBuckets.count + 1)
        var sums: [Double] = []
        for _ in 0..<seconds {
            let draw = table.draw(perSecond, using: &generator)
            #expect(draw.buckets.reduce(0, +) == perSecond)
            for index in aggregate.indices { aggregate[index] += draw.buckets[index] }
            sums.append(draw.sum)
        }
        // One request at a time, as the mesh used to.
        var single = MeshMetrics.Series()
        let mu = log(mean) - sigma * sigma / 2
        for _ in 0..<(perSecond * seconds) {
            single.record(milliseconds: exp(mu + sigma * Sampling.standardNormal(using: &generator)))
        }
        let n = Double(perSecond * seconds)
        for index in aggregate.indices where table.probabilities[index] > 0.01 {
            // Each bucket's share: two binomial proportions over 200000 requests, σ ≤ 0.0016 for the difference.
            let difference = abs(Double(aggregate[index]) - Double(single.bucketCounts[index])) / n
            #expect(difference < 0.008, "bucket \(index): \(aggregate[index]) vs \(single.bucketCounts[index])")
        }
        let sumMean = sums.reduce(0, +) / Double(seconds)
        let sumVariance = sums.reduce(0) { $0 + ($1 - sumMean) * ($1 - sumMean) } / Double(seconds - 1)
        let expectedVariance = Double(perSecond) * mean * mean * (exp(sigma * sigma) - 1)
        #expect(abs(sumMean - Double(perSecond) * mean) < 5 * (expectedVariance / Double(seconds)).squareRoot())
        #expect(abs(sumVariance - expectedVariance) / expectedVariance < 0.06, "variance \(sumVariance) vs \(expectedVariance)")
        #expect(abs(single.durationSum / n - mean) < 1)
    }

    static func choose(_ n: Int, _ k: Int) -> Double {
        (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) }
    }
}
