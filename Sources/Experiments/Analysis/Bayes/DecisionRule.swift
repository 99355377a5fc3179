/// The evidence `bayes` (version 2) needs for a verdict that may end an experiment, when the evidence is looked
/// at every interval.
///
/// - **Tolerance.** Around each limit L lies a band of ±`tolerance`·|L| inside which either verdict is acceptable.
///   An objective *passes* when the estimate is within the limit and P(the true value is within the limit
///   widened by the band) ≥ the decision confidence; it *fails* when the estimate is outside the limit and
///   P(the true value is outside the limit narrowed by the band) ≥ the decision confidence. The limit itself
///   decides which side wins; the band only bounds the evidence a value close to the limit needs (without it, a
///   value right at the limit would need infinitely many requests).
/// - **Decision confidence.** A verdict that can end an experiment early is looked for every interval. To keep
///   the chance of a wrong call over all those looks near `1 − confidence` / 5 per look (an approximation of a
///   Pocock boundary for ten to thirty looks), the decision confidence is `1 − (1 − confidence) / 5`: 0.99 for
///   the default 0.95.
/// - **Minimum sample sizes that follow from the limit and the model.** A rate against a limit L ∈ (0, 1) needs
///   at least 1 / min(L, 1 − L) trials (a single error in ten requests says little about a 1 % limit); a mean
///   from a histogram or a gauge with a sample size needs 50 observations (heavy latency tails make small
///   samples look better than the truth); a percentile q needs 5 / (1 − q) observations (p95: 100, p99: 500).
///   Below these, the objective stays inconclusive.
struct DecisionRule {
    /// The relative margin around each limit.
    let tolerance: Double
    /// The probability a verdict needs.
    let confidence: Double

    /// The decision confidence for a user's per-look `confidence`.
    static func decisive(_ confidence: Double) -> Double { 1 - (1 - confidence) / 5 }

    /// Observations a histogram mean or a gauge with a sample size needs.
    static let meanMinimum = 50.0

    /// The fewest observations behind `posterior` for a verdict on a limit in `lower`…`upper`.
    static func minimumSample(_ posterior: Posterior, lower: Double?, upper: Double?) -> Double {
        switch posterior {
        case .beta:
            let limits = [lower, upper].compactMap { $0 }.filter { $0 > 0 && $0 < 1 }
            return limits.map { 1 / min($0, 1 - $0) }.max().map { min($0, 1e6) } ?? 0
        case .normal:
            return meanMinimum
        case let .histogramQuantile(q, _, _):
            return q < 1 ? 5 / (1 - q) : 0
        case .pointMass:
            return 0
        }
    }

    /// The limits widened by the tolerance (what a pass must be confident of).
    func widened(lower: Double?, upper: Double?) -> (lower: Double?, upper: Double?) {
        (lower.map { $0 - tolerance * abs($0) }, upper.map { $0 + tolerance * abs($0) })
    }

    /// The limits narrowed by the tolerance (what a fail must be confident the value lies outside of); the
    /// limits themselves when narrowing would leave nothing between them.
    func narrowed(lower: Double?, upper: Double?) -> (lower: Double?, upper: Double?) {
        let low = lower.map { $0 + tolerance * abs($0) }
        let high = upper.map { $0 - tolerance * abs($0) }
        if let low, let high, low > high { return (lower, upper) }
        return (low, high)
    }

    /// The observations a verdict would need, estimated from a posterior of `n` observations with mean `mean`
    /// and standard deviation `sd`: the sample at which the decision confidence's margin fits between the mean
    /// and the tolerance band on the far side. Nil when it cannot be estimated (no spread, the mean on the limit).
    func requiredSample(n: Double, mean: Double, sd: Double, lower: Double?, upper: Double?) -> Double? {
        guard n > 0, sd > 0, mean.isFinite, sd.isFinite else { return nil }
        let within = (lower.map { mean >= $0 } ?? true) && (upper.map { mean <= $0 } ?? true)
        let band = within ? widened(lower: lower, upper: upper) : narrowed(lower: lower, upper: upper)
        let gaps = [band.lower.map { abs(mean - $0) }, band.upper.map { abs($0 - mean) }].compactMap { $0 }
        guard let gap = gaps.min(), gap > 0 else { return nil }
        let z = NormalDistribution.quantile(confidence)
        let needed = n * (sd * z / gap) * (sd * z / gap)
        return min(max(needed, n), Observation.maxCount).rounded(.up)
    }
}
