import Experiments
import Foundation

/// `--self-check`: the traffic model against its own ground truth (draw means and variances, and the latency
/// histogram's mean, bucket shares and p95 over many requests), so that a wrong sampler shows before it skews
/// the verdicts.
enum SelfCheck {
    static func run() -> Bool {
        var ok = true
        func check(_ label: String, _ measured: Double, _ expected: Double, tolerance: Double) {
            let good = abs(measured - expected) <= tolerance * max(abs(expected), 1e-12)
            ok = ok && good
            print(String(format: "  %@ %-44@ measured %12.5f  expected %12.5f", good ? "ok  " : "FAIL", label as NSString, measured, expected))
        }
        var g = Xoshiro256(seed: 7)
        for mean in [3.0, 40, 4000] {
            let draws = (0..<200_000).map { _ in Double(Draw.poisson(mean, &g)) }
            let m = draws.reduce(0, +) / Double(draws.count)
            let v = draws.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(draws.count)
            check("poisson(\(mean)) mean", m, mean, tolerance: 0.01)
            check("poisson(\(mean)) variance", v, mean, tolerance: 0.03)
        }
        for (n, p) in [(50, 0.002), (4000, 0.01), (400, 0.3)] {
            let draws = (0..<200_000).map { _ in Double(Draw.binomial(n, p, &g)) }
            let m = draws.reduce(0, +) / Double(draws.count)
            let v = draws.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(draws.count)
            check("binomial(\(n), \(p)) mean", m, Double(n) * p, tolerance: 0.02)
            check("binomial(\(n), \(p)) variance", v, Double(n) * p * (1 - p), tolerance: 0.03)
        }
        for (label, distribution) in [
            ("baseline (mean 50, σ 0.5)", ScenarioCatalog.baseline.latency),
            ("wide (p95 260, σ 1.0)", LatencyDistribution(p95: 260, sigma: 1.0)),
        ] {
            for chunk in [7, 400] {
                var counts = [Double](repeating: 0, count: LatencyDistribution.bounds.count)
                var sum = 0.0
                var requests = 0
                while requests < 4_000_000 {
                    distribution.sample(chunk, into: &counts, sum: &sum, &g)
                    requests += chunk
                }
                check("\(label), chunks of \(chunk): mean", sum / Double(requests), distribution.trueMean, tolerance: 0.01)
                let truth = distribution.trueBucketProbabilities
                let index = 7  // the 100–250 ms bucket
                check("\(label), chunks of \(chunk): share ≤250 ms bucket", counts[index] / Double(requests), truth[index], tolerance: 0.01)
                var cumulative = 0.0
                let histogram = Histogram(
                    buckets: zip(LatencyDistribution.bounds, counts).map { bound, count in
                        cumulative += count
                        return HistogramBucket(upperBound: bound, cumulativeCount: cumulative)
                    }, sum: sum, count: Double(requests))
                check("\(label), chunks of \(chunk): p95", histogram.quantile(0.95) ?? 0, distribution.trueQuantile(0.95), tolerance: 0.01)
            }
        }
        return ok
    }
}
