import Experiments
import Foundation

/// A workload's log-normal latency over Istio's duration buckets (``MeshMetrics/durationBuckets``): each
/// bucket's probability and the mean and variance of a latency that falls in it. Draws a second's worth of
/// requests at once: the bucket counts are multinomial over the bucket probabilities, exactly as if each
/// request were drawn, and each bucket's sum of durations is normal with the conditional mean and variance
/// (clamped to the bucket's bounds), so the sum has the right mean and variance and the histogram the right
/// distribution.
struct LatencyDistribution: Sendable {
    /// Probability of each bucket, indexed like ``MeshMetrics/Series/bucketCounts``.
    let probabilities: [Double]
    /// Mean latency within each bucket (ms).
    let means: [Double]
    /// Variance of the latency within each bucket (ms²).
    let variances: [Double]
    /// Each bucket's bounds (ms), the last one open above.
    private let lower: [Double]
    private let upper: [Double]

    /// The distribution of a log-normal latency with mean `mean` ms and shape `sigma` (σ of ln latency); with
    /// σ = 0 every request takes exactly `mean`.
    init(mean: Double, sigma: Double) {
        let bounds = MeshMetrics.durationBuckets
        lower = [0] + bounds
        upper = bounds + [.infinity]
        let count = bounds.count + 1
        var probabilities = [Double](repeating: 0, count: count)
        var means = [Double](repeating: 0, count: count)
        var variances = [Double](repeating: 0, count: count)
        if sigma <= 0 {
            let index = bounds.firstIndex { mean <= $0 } ?? bounds.count
            probabilities[index] = 1
            means[index] = mean
        } else {
            let mu = log(mean) - sigma * sigma / 2
            // Partial moments of X = exp(mu + σZ): E[X^k; a < X ≤ b] = e^(k mu + k²σ²/2) · P(z(a) < Z ≤ z(b)) with
            // z(x) = (ln x − mu − kσ²)/σ, from whichever tail keeps the difference accurate.
            func partial(_ k: Double, _ a: Double, _ b: Double) -> Double {
                let scale = exp(k * mu + k * k * sigma * sigma / 2)
                let za = a > 0 ? (log(a) - mu - k * sigma * sigma) / sigma : -.infinity
                let zb = b.isFinite ? (log(b) - mu - k * sigma * sigma) / sigma : .infinity
                if za > 0 { return scale * max(0, Self.upperTail(za) - Self.upperTail(zb)) }
                return scale * max(0, Self.upperTail(-zb) - Self.upperTail(-za))
            }
            for index in 0..<count {
                let (a, b) = (lower[index], upper[index])
                let p = partial(0, a, b)
                guard p > 0 else { continue }
                probabilities[index] = p
                let m1 = min(max(partial(1, a, b) / p, a), b)
                let m2 = partial(2, a, b) / p
                means[index] = m1.isFinite ? m1 : a
                variances[index] = m2.isFinite ? max(0, m2 - m1 * m1) : 0
            }
        }
        self.probabilities = probabilities
        self.means = means
        self.variances = variances
    }

    /// P(Z > z) for a standard normal Z (1 at −∞, 0 at +∞).
    static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// `count` requests' durations: the per-bucket counts (not cumulative) and their sum in ms.
    func draw(_ count: Int, using generator: inout SeededGenerator) -> (buckets: [Int], sum: Double) {
        let buckets = MeshSampling.multinomial(count, weights: probabilities, using: &generator)
        var sum = 0.0
        for (index, n) in buckets.enumerated() where n > 0 {
            let n = Double(n)
            var part = n * means[index]
            if variances[index] > 0 {
                part += (n * variances[index]).squareRoot() * Sampling.standardNormal(using: &generator)
            }
            sum += min(max(part, n * lower[index]), n * upper[index])
        }
        return (buckets, sum)
    }
}
