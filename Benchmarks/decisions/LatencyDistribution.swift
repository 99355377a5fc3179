import Experiments
import Foundation

/// One version's request latency in milliseconds: a log-normal body (median `median`, shape `sigma`) mixed with
/// a heavy Pareto tail (a share `tailShare` of requests, index `tailAlpha`, starting at `tailStart` × the median).
///
/// Sampling an interval's histogram: the number of tail requests is binomial and each tail value is drawn
/// individually (rare huge values reach the sum); the body's bucket counts are multinomial over its exact
/// bucket probabilities, and the body's sum per bucket is exact for few requests (inverse-CDF draws inside
/// the bucket) and a normal approximation from the truncated log-normal's moments for many.
struct LatencyDistribution: Hashable, Sendable {
    /// Istio's default `istio_request_duration_milliseconds` bucket bounds (the last is `+Inf`).
    static let bounds: [Double] = [
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000,
        3600000, .infinity,
    ]

    let median: Double
    let sigma: Double
    let tailShare: Double
    let tailAlpha: Double
    let tailStart: Double
    /// Per bucket: the body's probability, and its truncated mean and variance.
    let bodyProbability: [Double]
    let bodyMean: [Double]
    let bodyVariance: [Double]

    /// A distribution from its median and shape (tail defaults: 1.5 % of requests, α = 2.5, from 4 × median).
    init(median: Double, sigma: Double, tailShare: Double = 0.015, tailAlpha: Double = 2.5, tailStart: Double = 4) {
        self.median = median
        self.sigma = sigma
        self.tailShare = tailShare
        self.tailAlpha = tailAlpha
        self.tailStart = tailStart
        let mu = log(median)
        var probability: [Double] = []
        var mean: [Double] = []
        var variance: [Double] = []
        var lower = 0.0
        for upper in Self.bounds {
            func phi(_ x: Double, shift: Double) -> Double {
                x <= 0 ? 0 : x.isInfinite ? 1 : NormalDistribution.cdf((log(x) - mu - shift) / sigma)
            }
            let p = phi(upper, shift: 0) - phi(lower, shift: 0)
            let first = exp(mu + sigma * sigma / 2) * (phi(upper, shift: sigma * sigma) - phi(lower, shift: sigma * sigma))
            let second = exp(2 * mu + 2 * sigma * sigma) * (phi(upper, shift: 2 * sigma * sigma) - phi(lower, shift: 2 * sigma * sigma))
            probability.append(max(0, p))
            let m = p > 1e-300 ? first / p : (lower + (upper.isFinite ? upper : lower)) / 2
            mean.append(m)
            variance.append(p > 1e-300 ? max(0, second / p - m * m) : 0)
            lower = upper
        }
        bodyProbability = probability
        bodyMean = mean
        bodyVariance = variance
    }

    /// A distribution with this shape whose true mean is `mean`.
    init(mean: Double, sigma: Double) {
        let unit = LatencyDistribution(median: 1, sigma: sigma)
        self.init(median: mean / unit.trueMean, sigma: sigma)
    }

    /// A distribution with this shape whose true 95th percentile (as `histogram_quantile` converges to it) is `p95`.
    init(p95: Double, sigma: Double) {
        var low = 0.001
        var high = p95
        for _ in 0..<100 {
            let mid = (low * high).squareRoot()
            if LatencyDistribution(median: mid, sigma: sigma).trueQuantile(0.95) < p95 { low = mid } else { high = mid }
        }
        self.init(median: (low * high).squareRoot(), sigma: sigma)
    }

    var tailScale: Double { tailStart * median }

    /// The exact mean of the mixture.
    var trueMean: Double {
        (1 - tailShare) * median * exp(sigma * sigma / 2) + tailShare * tailAlpha * tailScale / (tailAlpha - 1)
    }

    /// The exact probability of each bucket under the mixture.
    var trueBucketProbabilities: [Double] {
        var lower = 0.0
        return Self.bounds.indices.map { index in
            let upper = Self.bounds[index]
            defer { lower = upper }
            func paretoCDF(_ x: Double) -> Double { x <= tailScale ? 0 : x.isInfinite ? 1 : 1 - pow(tailScale / x, tailAlpha) }
            return (1 - tailShare) * bodyProbability[index] + tailShare * (paretoCDF(upper) - paretoCDF(lower))
        }
    }

    /// The `q`-quantile that `histogram_quantile` converges to: the project's own interpolation over the true
    /// bucket probabilities (what the metric measures with unlimited data, not the distribution's own quantile).
    func trueQuantile(_ q: Double) -> Double {
        var cumulative = 0.0
        let buckets = zip(Self.bounds, trueBucketProbabilities).map { bound, p in
            cumulative += p
            return HistogramBucket(upperBound: bound, cumulativeCount: cumulative * 1e9)
        }
        return Histogram(buckets: buckets, sum: 0, count: 1e9).quantile(q) ?? 0
    }

    /// Adds `n` requests' latencies to per-bucket counts and the sum.
    func sample(_ n: Int, into counts: inout [Double], sum: inout Double, _ g: inout Xoshiro256) {
        guard n > 0 else { return }
        let tail = Draw.binomial(n, tailShare, &g)
        for _ in 0..<tail {
            let value = tailScale * pow(g.openUnit(), -1 / tailAlpha)
            counts[Self.bucket(of: value)] += 1
            sum += value
        }
        let body = Draw.multinomial(n - tail, bodyProbability, &g)
        let mu = log(median)
        var lower = 0.0
        for index in body.indices {
            let upper = Self.bounds[index]
            defer { lower = upper }
            let count = body[index]
            guard count > 0 else { continue }
            counts[index] += Double(count)
            if count >= 24 {
                let c = Double(count)
                sum += max(c * lower, c * bodyMean[index] + (c * bodyVariance[index]).squareRoot() * Draw.normal(&g))
            } else {
                let from = lower <= 0 ? 0 : NormalDistribution.cdf((log(lower) - mu) / sigma)
                let to = upper.isInfinite ? 1 : NormalDistribution.cdf((log(upper) - mu) / sigma)
                for _ in 0..<count {
                    let u = from + (to - from) * g.openUnit()
                    let value = exp(mu + sigma * NormalDistribution.quantile(u))
                    sum += min(max(value, lower), upper.isFinite ? upper : value)
                }
            }
        }
    }

    /// The index of the bucket holding `value` (the first bound ≥ value).
    static func bucket(of value: Double) -> Int {
        var low = 0
        var high = bounds.count - 1
        while low < high {
            let mid = (low + high) / 2
            if bounds[mid] >= value { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
