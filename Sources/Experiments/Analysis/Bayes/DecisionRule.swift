/// The evidence `bayes` (version 2) needs for a verdict that may end an experiment, when the evidence is looked
/// at every interval. Every constant here was chosen with the decision-quality benchmark
/// (`Benchmarks/decisions`, docs/analysis.md "Decision quality") and is stated there with its effect.
///
/// - **Tolerance.** Around each limit L lies a band of ±`tolerance`·|L| inside which either verdict is acceptable.
///   An objective *passes* when the estimate is within the limit and P(the true value is within the limit
///   widened by the band) ≥ the pass confidence; it *fails* when the estimate is outside the limit and
///   P(the true value is outside the limit narrowed by the band) ≥ the failure confidence. The limit itself
///   decides which side wins; the band only bounds the evidence a value close to the limit needs (without it, a
///   value right at the limit would need infinitely many requests).
/// - **Confidences that hold when the evidence is looked at every interval.** Looking every interval and stopping
///   at the first decisive look multiplies the chance of a wrong call (optional stopping). Each look therefore
///   spends only part of `1 − confidence`: a pass needs `1 − 0.6 (1 − confidence)` (0.97 for the default 0.95), a
///   failure `1 − 0.4 (1 − confidence)` (0.98): failures are looked for from the first iteration and end the
///   experiment at once, passes only after `minIterations`, so failures get more looks and a stricter threshold.
///   An A/B/N winner spends like a pass: `1 − 0.6 (1 − winnerProbability)` (0.97 for the default 0.95).
/// - **Minimum sample sizes that follow from the limit and the model.** A rate against a limit L ∈ (0, 1) needs
///   at least 1 / min(L, 1 − L) trials for any verdict and ten times that for an ordinary failure (a few errors
///   in a few hundred requests say little about a 1 % limit); below that only overwhelming evidence
///   (P ≥ 0.999) fails it. A mean from a histogram or a gauge with a sample size needs 50 observations (heavy
///   latency tails make small samples look better than the truth); a percentile q needs 5 / (1 − q)
///   observations (p95: 100, p99: 500). Below these, the objective stays inconclusive.
struct DecisionRule {
    /// The relative margin around each limit.
    let tolerance: Double
    /// The probability a pass needs.
    let passConfidence: Double
    /// The probability a failure needs once the sample is large enough for the limit.
    let failConfidence: Double
    /// The probability an A/B/N leader's reward needs of being within the tolerance of every rival's.
    let winnerConfidence: Double
    /// The probability a failure needs on a smaller sample: only overwhelming evidence fails a version early.
    static let overwhelming = 0.999

    /// The share of `1 − confidence` a pass may spend on one look.
    static let passSpending = 0.6
    /// The share of `1 − confidence` a failure may spend on one look.
    static let failureSpending = 0.4

    /// The rule for a user's `confidence`, `winnerProbability` and `tolerance`.
    init(tolerance: Double, confidence: Double, winnerProbability: Double) {
        self.tolerance = tolerance
        passConfidence = 1 - Self.passSpending * (1 - confidence)
        failConfidence = 1 - Self.failureSpending * (1 - confidence)
        winnerConfidence = 1 - Self.passSpending * (1 - winnerProbability)
    }

    /// Observations a histogram mean or a gauge with a sample size needs.
    static let meanMinimum = 50.0
    /// Trials a rate needs, per trial of its minimum sample, before an ordinary failure: 10 / L for a limit L.
    static let rateFailureEvents = 10.0

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

    /// The sample from which an ordinary (not overwhelming) failure may be declared.
    static func failureSample(_ posterior: Posterior, lower: Double?, upper: Double?) -> Double {
        guard case .beta = posterior else { return minimumSample(posterior, lower: lower, upper: upper) }
        return rateFailureEvents * minimumSample(posterior, lower: lower, upper: upper)
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
    /// and standard deviation `sd`: the sample at which the confidence's margin fits between the mean and the
    /// tolerance band on the far side, and at least `established` (the sample an ordinary verdict needs: for a
    /// failure of a rate, ``failureSample(_:lower:upper:)``) unless the overwhelming confidence is reached sooner. Nil when it cannot be estimated (no spread, the mean on the limit).
    func requiredSample(
        n: Double, mean: Double, sd: Double, lower: Double?, upper: Double?, established: Double
    ) -> Double? {
        guard n > 0, sd > 0, mean.isFinite, sd.isFinite else { return nil }
        let within = (lower.map { mean >= $0 } ?? true) && (upper.map { mean <= $0 } ?? true)
        let band = within ? widened(lower: lower, upper: upper) : narrowed(lower: lower, upper: upper)
        let gaps = [band.lower.map { abs(mean - $0) }, band.upper.map { abs($0 - mean) }].compactMap { $0 }
        guard let gap = gaps.min(), gap > 0 else { return nil }
        func sample(_ confidence: Double) -> Double {
            let z = NormalDistribution.quantile(confidence)
            return n * (sd * z / gap) * (sd * z / gap)
        }
        let ordinary = max(sample(within ? passConfidence : failConfidence), established)
        let needed = min(ordinary, sample(Self.overwhelming))
        return min(max(needed, n), Observation.maxCount).rounded(.up)
    }
}
