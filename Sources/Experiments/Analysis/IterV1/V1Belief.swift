import Foundation

/// iter8 v1's belief about one (version, metric): iter8-analytics v1.2 `detailedmetric.py`.
enum V1Belief {
    /// No value or a zero denominator.
    case uninitialised
    /// A counter metric: its value, no uncertainty and no draws.
    case counter(Double)
    /// All versions have the same value (range 0): every draw is the value.
    case pointMass(Double)
    /// A zero-to-one ratio: Beta(0.1 + s, 0.1 + N − s), s = min(x, 1)·N.
    case beta(a: Double, b: Double)
    /// Any other ratio: Normal(x, variance = range / (1 + N)).
    case normal(mean: Double, variance: Double)

    /// Whether the belief has posterior draws (counters and uninitialised beliefs do not).
    var hasDraws: Bool {
        switch self {
        case .pointMass, .beta, .normal: return true
        case .uninitialised, .counter: return false
        }
    }

    /// A short description for the result, for example `beta(37.6, 4762.6)`.
    var model: String? {
        switch self {
        case .uninitialised: return nil
        case let .counter(value): return "counter(\(value))"
        case let .pointMass(value): return "point(\(value))"
        case let .beta(a, b): return "beta(\(a), \(b))"
        case let .normal(mean, variance): return "normal(\(mean), variance \(variance))"
        }
    }

    /// The beliefs of one metric for every version, with iter8 v1's rules. Every observation becomes a
    /// ratio with a denominator N: counts → events/trials over trials; a histogram → its mean (or
    /// quantile) over its count; a gauge → its value over its sample size, or the version's request count.
    static func beliefs(metric: MetricDescriptor, versions: [VersionData]) -> [V1Belief] {
        let observations = versions.map { $0.observation(metric.name) }
        if metric.kind == .counter {
            return observations.map { observation in
                observation.pointValue(for: .counter).map(V1Belief.counter) ?? .uninitialised
            }
        }
        let points: [(x: Double, n: Double, zeroToOne: Bool)?] = zip(observations, versions).map { observation, version in
            guard let x = observation.pointValue(for: metric.kind) else { return nil }
            var n = observation.sampleSize
            if case .counter = observation { n = version.requestCount }
            if case .gauge(_, nil) = observation { n = version.requestCount }
            guard let n, n > 0 else { return nil }
            var zeroToOne = metric.kind == .ratio
            if case .counts = observation { zeroToOne = true }
            return (x, n, zeroToOne)
        }
        let values = points.compactMap { $0?.x }
        let width = (values.max() ?? 0) - (values.min() ?? 0)
        return points.map { point in
            guard let point else { return .uninitialised }
            if point.zeroToOne {
                let s = min(point.x, 1) * point.n
                return .beta(a: 0.1 + s, b: 0.1 + point.n - s)
            }
            if width > 0 {
                return .normal(mean: point.x, variance: width * 1.0 / (1 + point.n))
            }
            return .pointMass(point.x)
        }
    }

    /// Writes the belief's draws, clipped below at 0, into `buffer`.
    func draw(into buffer: UnsafeMutableBufferPointer<Double>, using generator: inout SeededGenerator) {
        switch self {
        case .uninitialised, .counter:
            buffer.update(repeating: .nan)
        case let .pointMass(value):
            buffer.update(repeating: max(0, value))
        case let .beta(a, b):
            Sampling.fillBeta(buffer, a: a, b: b, using: &generator)
        case let .normal(mean, variance):
            Sampling.fillNormal(buffer, mean: mean, sd: variance.squareRoot(), using: &generator)
            for i in buffer.indices where buffer[i] < 0 { buffer[i] = 0 }
        }
    }
}
