/// The true behaviour of one version: what every metric converges to with unlimited data.
struct VersionTruth: Hashable, Sendable {
    /// Probability that a request fails (HTTP 5xx).
    var errorRate: Double
    /// Request latency.
    var latency: LatencyDistribution
    /// Probability that a request converts (the A/B/n reward), 0 when unused.
    var conversionRate: Double = 0

    /// The true value of a latency objective.
    func latencyValue(_ objective: Scenario.LatencyObjective) -> Double {
        switch objective {
        case .mean: latency.trueMean
        case .p95: latency.trueQuantile(0.95)
        }
    }
}
