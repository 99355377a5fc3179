/// The `bayes` engine's model of a histogram's mean (for example mean latency).
///
/// The mean is sum / count exactly. Its uncertainty is that of a sample mean: Normal(mean, σ²/count)
/// (central limit theorem), with the per-observation variance σ² estimated from the buckets: every
/// observation in a finite bucket sits at the bucket's midpoint and adds the bucket's uniform
/// within-bucket variance width²/12; the observations of the `+Inf` bucket sit at the point that makes
/// the histogram's total equal its exact `sum` (never below the last finite bound). When the buckets
/// say nothing (no finite bucket, or a zero estimate) a coefficient of variation of 1 is assumed
/// (σ = mean, as for exponential latencies).
enum HistogramMeanModel {
    static func posterior(of histogram: Histogram) -> Posterior? {
        guard let mean = histogram.mean else { return nil }
        let variance = observationVariance(histogram, mean: mean) ?? mean * mean
        let sd = (variance / histogram.count).squareRoot()
        return sd > 0 ? .normal(mean: mean, sd: sd) : .pointMass(mean)
    }

    /// The estimated per-observation variance, or nil when the buckets cannot tell.
    static func observationVariance(_ histogram: Histogram, mean: Double) -> Double? {
        let counts = histogram.bucketCounts
        var finiteSum = 0.0
        var finiteCount = 0.0
        var squares = 0.0
        var overflow = 0.0
        var lastFinite = 0.0
        for (index, bucket) in histogram.buckets.enumerated() {
            let n = counts[index]
            guard bucket.upperBound.isFinite else {
                overflow += n
                continue
            }
            lastFinite = bucket.upperBound
            guard n > 0 else { continue }
            let lower = histogram.lowerBound(of: index)
            let mid = 0.5 * (lower + bucket.upperBound)
            let width = bucket.upperBound - lower
            finiteSum += n * mid
            finiteCount += n
            squares += n * ((mid - mean) * (mid - mean) + width * width / 12)
        }
        guard finiteCount > 0 else { return nil }
        if overflow > 0 {
            let position = max(lastFinite, (histogram.sum - finiteSum) / overflow)
            squares += overflow * (position - mean) * (position - mean)
        }
        let total = finiteCount + overflow
        let variance = squares / total
        return variance > 0 ? variance : nil
    }
}
