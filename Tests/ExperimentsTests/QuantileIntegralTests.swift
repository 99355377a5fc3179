import Foundation
import Testing

@testable import Experiments

/// `bayes` 3's percentile posterior by integration (``QuantileIntegral``, ``BetaTable``) against the continued
/// fraction and against 10⁶ Dirichlet draws of `bayes` 2's sampler (within 4 standard errors).
@Suite("bayes 3: percentile posteriors by integration")
struct QuantileIntegralTests {
    static let bounds: [Double] = [25, 50, 100, 200, 400, 800, 1600, .infinity]

    /// A histogram with these per-bucket counts over ``bounds`` (the last is `+Inf`).
    static func histogram(_ counts: [Double], bounds: [Double] = bounds) -> Histogram {
        var cumulative = 0.0
        let buckets = zip(bounds, counts).map { bound, count -> HistogramBucket in
            cumulative += count
            return HistogramBucket(upperBound: bound, cumulativeCount: cumulative)
        }
        return Histogram(buckets: buckets, sum: cumulative * 150, count: cumulative)
    }

    static func alpha(_ histogram: Histogram) -> [Double] {
        let counts = histogram.bucketCounts
        return counts.map { $0 + Posterior.bucketPriorTotal / Double(counts.count) }
    }

    /// Sorted draws of the quantile, as `bayes` 2 drew them.
    static func draws(_ q: Double, _ histogram: Histogram, count: Int = 1_000_000) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        var generator = SeededGenerator(seed: 11, stream: 3)
        values.withUnsafeMutableBufferPointer {
            HistogramQuantileSampler(q: q, histogram: histogram, alpha: alpha(histogram)).fill($0, using: &generator)
        }
        return values.sorted()
    }

    /// The share of sorted `values` ≤ x.
    static func share(_ values: [Double], atMost x: Double) -> Double {
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return Double(low) / Double(values.count)
    }

    static func bound(_ p: Double, _ n: Int = 1_000_000) -> Double {
        max(4 * (p * (1 - p) / Double(n)).squareRoot(), 1e-5)
    }

    @Test func theBetaTableMatchesTheContinuedFraction() throws {
        // Near-normal, skewed, with an unbounded density at 0, and with little mass left below 1.
        for (a, b) in [(224.5, 3776.5), (3880.1, 120.1), (40.0, 60.0), (0.5, 100.0), (3995.0, 5.0), (2.5, 0.7)] {
            let table = try #require(BetaTable(a: a, b: b))
            for p in [1e-6, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-6] {
                let x = SpecialFunctions.betaQuantile(p, a: a, b: b)
                #expect(abs(table.cdf(at: x) - SpecialFunctions.betaCDF(x, a: a, b: b)) < 5e-7, "Beta(\(a), \(b)) at \(x)")
            }
        }
        #expect(BetaTable(a: 0.001, b: 1e6) == nil)  // its logit reaches over 25,000 grid points
    }

    /// The benchmark's p95 case (the quantile between 400 and 800 ms), a median in the first bucket, a p99 with an
    /// atom at the top, and a p95 with few observations above it.
    @Test(arguments: [
        (0.95, [200.0, 600, 1200, 1200, 480, 200, 80, 40]),
        (0.5, [2600.0, 900, 300, 150, 40, 10, 0, 0]),
        (0.99, [200.0, 600, 1200, 1200, 480, 200, 80, 40]),
        // Three observations above the p95's bucket: W's density reaches 1 (tabulated in logit space).
        (0.95, [1.0, 7, 18, 69, 88, 106, 80, 3]),
    ] as [(Double, [Double])])
    func theIntegralAgreesWithDirichletDraws(q: Double, counts: [Double]) throws {
        let histogram = Self.histogram(counts)
        let integral = try #require(QuantileIntegral(q: q, histogram: histogram, alpha: Self.alpha(histogram)))
        let values = Self.draws(q, histogram)
        for p in [0.001, 0.025, 0.2, 0.5, 0.8, 0.975, 0.999] {
            let x = values[Int(p * Double(values.count))]
            let counted = Self.share(values, atMost: x)
            #expect(abs(integral.cdf(x) - counted) <= Self.bound(counted), "P(Q ≤ \(x))")
            // Quantiles invert the CDF, and land where the draws put that share.
            let quantile = integral.quantile(p)
            if quantile == integral.top {  // p falls in the atom: the draws below the top are fewer than p
                #expect(p >= 1 - integral.atom)
                #expect(Self.share(values, atMost: quantile.nextDown) <= p + Self.bound(p))
            } else {
                #expect(abs(integral.cdf(quantile) - p) < 1e-9)
                #expect(abs(Self.share(values, atMost: quantile) - p) <= Self.bound(p), "the \(p)-quantile \(quantile)")
            }
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(abs(integral.mean - mean) <= 4 * sd / Double(values.count).squareRoot() + 1e-9 * mean)
        let limit = values[values.count / 3]
        let counted = 1 - Self.share(values, atMost: limit.nextDown)  // P(Q ≥ limit)
        #expect(abs(integral.probability(lower: limit, upper: nil) - counted) <= Self.bound(counted))
    }

    /// The quantile in the `+Inf` bucket answers the highest finite bound: an atom there.
    @Test func theInfBucketIsAnAtomAtTheTop() throws {
        let histogram = Self.histogram([200, 600, 1200, 1200, 480, 200, 80, 40])
        let integral = try #require(QuantileIntegral(q: 0.995, histogram: histogram, alpha: Self.alpha(histogram)))
        let values = Self.draws(0.995, histogram)
        let atTop = 1 - Self.share(values, atMost: 1600.0.nextDown)
        #expect(abs(integral.atom - atTop) <= Self.bound(atTop))
        #expect(integral.cdf(1600) == 1)
        #expect(abs(integral.below(1600) - (1 - integral.atom)) < 1e-15)
        #expect(integral.quantile(1 - integral.atom / 2) == 1600)
    }

    /// A percentile that may fall into a bucket with no observations (all in one bucket, or a handful in all):
    /// the grid over R would be too long, and the draws decide, as in `bayes` 2.
    @Test func sparseHistogramsAreLeftToTheDraws() {
        let allInOne = Self.histogram([0, 0, 0, 500, 0, 0, 0, 0])
        #expect(QuantileIntegral(q: 0.95, histogram: allInOne, alpha: Self.alpha(allInOne)) == nil)
        let few = Self.histogram([1, 2, 3, 2, 1, 0, 0, 0])
        #expect(QuantileIntegral(q: 0.95, histogram: few, alpha: Self.alpha(few)) == nil)
    }

    /// The engine reports the integrated posterior: the same for every seed.
    @Test func theEngineUsesTheIntegral() throws {
        let engine = BayesEngine()
        func percentile(_ seed: UInt64) throws -> (PosteriorSummary?, Double?) {
            let histogram = Self.histogram([200.0, 600, 1200, 1200, 480, 200, 80, 40])
            let input = AnalysisInput(
                versions: [
                    VersionData(name: "a", requestCount: 4000, observations: ["p95": .histogram(histogram)]),
                    VersionData(name: "b", requestCount: 4000, observations: ["p95": .histogram(histogram)]),
                ],
                testingPattern: .canary, metrics: [MetricDescriptor(name: "p95", kind: .percentile(95))],
                objectives: [Objective(metric: "p95", upperLimit: 700)], settings: AnalysisSettings(seed: seed))
            let candidate = try engine.assess(input).versions[1]
            return (candidate.metrics[0].posterior, candidate.objectives[0].probabilitySatisfied)
        }
        let (summary, p) = try percentile(1)
        let (other, q) = try percentile(2)
        #expect(summary == other && p == q)
        let histogram = Self.histogram([200.0, 600, 1200, 1200, 480, 200, 80, 40])
        let values = Self.draws(0.95, histogram)
        let counted = Self.share(values, atMost: 700)
        #expect(abs((p ?? 0) - counted) <= Self.bound(counted))
    }
}
