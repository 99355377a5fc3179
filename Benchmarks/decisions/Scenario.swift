/// One benchmark situation: the versions' true behaviour, the traffic and its shape, and the spec family
/// (which objectives). Named `family/variant`.
struct Scenario: Sendable {
    /// The testing pattern of the spec the scenario runs.
    enum Pattern: String, Sendable {
        case canary = "Canary"
        case abn = "A/B/N"
        case conformance = "Conformance"
    }

    /// Which latency objective the spec has.
    enum LatencyObjective: String, Sendable {
        /// `iter8-istio/mean-latency` ≤ ``Scenario/meanLatencyLimit``.
        case mean
        /// `iter8-istio/latency-95th-percentile` ≤ ``Scenario/p95LatencyLimit``.
        case p95
    }

    /// Ground truth of a version against the objectives.
    enum Truth: String, Sendable, Codable {
        /// Every objective's true value at least 10 % inside its limit.
        case good
        /// Some objective's true value at least 10 % outside its limit.
        case bad
        /// Neither: any verdict is acceptable.
        case borderline
    }

    /// The error-rate objective's upper limit.
    static let errorRateLimit = 0.01
    /// The mean-latency objective's upper limit (ms).
    static let meanLatencyLimit = 100.0
    /// The 95th-percentile objective's upper limit (ms).
    static let p95LatencyLimit = 200.0

    let name: String
    let pattern: Pattern
    let latencyObjective: LatencyObjective
    /// Mean requests per second to the target.
    let rps: Double
    let shape: TrafficShape
    /// Intervals (counted from the start, the first is 1) in which the metrics backend does not answer.
    let outage: ClosedRange<Int>?
    /// Baseline first.
    let versions: [VersionTruth]

    init(
        _ name: String, _ pattern: Pattern = .canary, latency: LatencyObjective = .mean, rps: Double,
        shape: TrafficShape = .steady, outage: ClosedRange<Int>? = nil, versions: [VersionTruth]
    ) {
        self.name = name
        self.pattern = pattern
        self.latencyObjective = latency
        self.rps = rps
        self.shape = shape
        self.outage = outage
        self.versions = versions
    }

    /// The part of the name before the `/`.
    var family: String { String(name.prefix { $0 != "/" }) }

    var latencyLimit: Double { latencyObjective == .mean ? Self.meanLatencyLimit : Self.p95LatencyLimit }

    /// Enough traffic to expect a decision: at least 20 requests per second on average.
    var enoughTraffic: Bool { rps >= 20 }

    /// The ratio of each objective's true value to its limit, for a version (A/B/n: only the error rate).
    func limitRatios(_ version: VersionTruth) -> [Double] {
        let errors = version.errorRate / Self.errorRateLimit
        return pattern == .abn ? [errors] : [errors, version.latencyValue(latencyObjective) / latencyLimit]
    }

    /// A version's ground truth.
    func truth(of version: VersionTruth) -> Truth {
        let ratios = limitRatios(version)
        if ratios.contains(where: { $0 >= 1.1 }) { return .bad }
        return ratios.allSatisfy { $0 <= 0.9 } ? .good : .borderline
    }

    /// The ground truth that the verdict is judged against: the candidate's (Canary) or the only version's
    /// (Conformance). A/B/n runs are judged by reward (``bestFeasibleReward``).
    var truth: Truth { truth(of: pattern == .conformance ? versions[0] : versions[versions.count - 1]) }

    /// A/B/n: the best true reward among versions whose truth is not bad.
    var bestFeasibleReward: Double {
        versions.filter { truth(of: $0) != .bad }.map(\.conversionRate).max() ?? 0
    }

    /// Whether a measurement at `seconds` after the start falls in the metrics outage.
    func inOutage(atSeconds seconds: Double, interval: Double) -> Bool {
        guard let outage else { return false }
        let slot = Int((seconds / interval).rounded(.down))
        return outage.contains(slot)
    }
}
