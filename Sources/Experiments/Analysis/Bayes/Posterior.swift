import Foundation

/// The `bayes` engine's posterior belief about one metric of one version (see ``BayesEngine`` for
/// the models and their justification).
enum Posterior {
    /// A rate on counts: Beta(½ + events, ½ + trials − events) (Jeffreys prior).
    case beta(a: Double, b: Double)
    /// A mean: Normal(mean, sd).
    case normal(mean: Double, sd: Double)
    /// A value known without uncertainty (a counter, a gauge without a sample size).
    case pointMass(Double)
    /// A histogram percentile: Dirichlet(counts + 1/K) over the K buckets, quantile interpolated as
    /// Prometheus' `histogram_quantile` does.
    case histogramQuantile(q: Double, histogram: Histogram, alpha: [Double])

    /// The Jeffreys prior's pseudo-counts of a rate.
    static let ratePrior = 0.5
    /// The Dirichlet prior's total weight (one observation spread evenly over the buckets).
    static let bucketPriorTotal = 1.0

    /// The posterior of `observation` for a metric of `kind`, or nil for no data.
    static func of(_ observation: Observation, kind: MetricKind) -> Posterior? {
        switch observation {
        case .noData:
            return nil
        case let .counts(events, trials):
            guard trials > 0 else { return nil }
            let e = min(max(events, 0), trials)
            return .beta(a: ratePrior + e, b: ratePrior + trials - e)
        case let .histogram(histogram):
            guard histogram.count > 0, !histogram.buckets.isEmpty else { return nil }
            if case let .percentile(p) = kind {
                let counts = histogram.bucketCounts
                guard counts.reduce(0, +) > 0 else { return nil }
                let prior = bucketPriorTotal / Double(counts.count)
                return .histogramQuantile(q: p / 100, histogram: histogram, alpha: counts.map { $0 + prior })
            }
            return HistogramMeanModel.posterior(of: histogram)
        case let .gauge(value, sampleSize):
            guard let n = sampleSize, n > 0, value != 0 else { return .pointMass(value) }
            return .normal(mean: value, sd: abs(value) / n.squareRoot())
        case let .counter(value):
            return .pointMass(value)
        }
    }

    /// Whether probabilities and summaries need Monte-Carlo draws.
    var needsDraws: Bool {
        if case .histogramQuantile = self { return true }
        return false
    }

    /// A short description for the result.
    var model: String {
        switch self {
        case let .beta(a, b): return "beta(\(a), \(b))"
        case let .normal(mean, sd): return "normal(\(mean), sd \(sd))"
        case let .pointMass(value): return "point(\(value))"
        case let .histogramQuantile(q, _, alpha):
            return "dirichlet(\(alpha.count) buckets, total \(alpha.reduce(0, +))) quantile \(q)"
        }
    }

    /// The CDF at x (exact; for the percentile model, the share of `draws` ≤ x).
    func cdf(_ x: Double, draws: UnsafeBufferPointer<Double>?) -> Double {
        switch self {
        case let .beta(a, b): return SpecialFunctions.betaCDF(x, a: a, b: b)
        case let .normal(mean, sd): return NormalDistribution.cdf(x, mean: mean, sd: sd)
        case let .pointMass(value): return value <= x ? 1 : 0
        case .histogramQuantile:
            guard let draws, !draws.isEmpty else { return .nan }
            var below = 0
            for d in draws where d <= x { below += 1 }
            return Double(below) / Double(draws.count)
        }
    }

    /// P(lower ≤ X ≤ upper) (a missing bound is open).
    func probability(lower: Double?, upper: Double?, draws: UnsafeBufferPointer<Double>?) -> Double {
        if case let .pointMass(value) = self {
            return (lower.map { value >= $0 } ?? true) && (upper.map { value <= $0 } ?? true) ? 1 : 0
        }
        let high = upper.map { cdf($0, draws: draws) } ?? 1
        var low = 0.0
        if let lower {
            if case .histogramQuantile = self, let draws {
                var below = 0
                for d in draws where d < lower { below += 1 }
                low = Double(below) / Double(draws.count)
            } else {
                low = cdf(lower, draws: draws)
            }
        }
        return min(1, max(0, high - low))
    }

    /// The mean and the central credible interval of mass `confidence` (exact, or from `draws`).
    func summary(confidence: Double, draws: UnsafeBufferPointer<Double>?, scratch: UnsafeMutableBufferPointer<Double>) -> PosteriorSummary {
        let tail = (1 - confidence) / 2
        switch self {
        case let .beta(a, b):
            return PosteriorSummary(
                mean: a / (a + b), lower: SpecialFunctions.betaQuantileFromNormal(tail, a: a, b: b),
                upper: SpecialFunctions.betaQuantileFromNormal(1 - tail, a: a, b: b))
        case let .normal(mean, sd):
            let z = NormalDistribution.quantile(1 - tail)
            return PosteriorSummary(mean: mean, lower: mean - z * sd, upper: mean + z * sd)
        case let .pointMass(value):
            return PosteriorSummary(mean: value, lower: value, upper: value)
        case .histogramQuantile:
            guard let draws else { return PosteriorSummary(mean: .nan, lower: .nan, upper: .nan) }
            let q = SampleStatistics.percentiles(draws, [100 * tail, 100 * (1 - tail)], scratch: scratch)
            return PosteriorSummary(mean: SampleStatistics.mean(draws), lower: q[0], upper: q[1])
        }
    }

    /// Fills `buffer` with posterior draws.
    func draw(into buffer: UnsafeMutableBufferPointer<Double>, using generator: inout SeededGenerator) {
        switch self {
        case let .beta(a, b):
            Sampling.fillBeta(buffer, a: a, b: b, using: &generator)
        case let .normal(mean, sd):
            Sampling.fillNormal(buffer, mean: mean, sd: sd, using: &generator)
        case let .pointMass(value):
            buffer.update(repeating: value)
        case let .histogramQuantile(q, histogram, alpha):
            HistogramQuantileSampler(q: q, histogram: histogram, alpha: alpha).fill(buffer, using: &generator)
        }
    }
}
