import Experiments

/// The inputs of `iter8-analytics-anchor.md` §4, as analysis inputs. iter8 v1 saw every metric as a
/// ratio with the request count as denominator: mean latency is therefore a gauge whose sample size is
/// the request count (Normal heuristic), error and conversion rates are counts (zero-to-one Betas).
enum AnalysisAnchorCases {
    static let metrics = [
        MetricDescriptor(name: "mean_latency", kind: .gauge),
        MetricDescriptor(name: "error_rate", kind: .ratio),
        MetricDescriptor(name: "conversion_rate", kind: .ratio),
    ]

    static func version(
        _ name: String, requests: Double, latency: Double, errorRate: Double, conversion: Double? = nil
    ) -> VersionData {
        var observations: [String: Observation] = [
            "mean_latency": .gauge(value: latency, sampleSize: requests),
            "error_rate": .counts(events: errorRate * requests, trials: requests),
        ]
        if let conversion {
            observations["conversion_rate"] = .counts(events: conversion * requests, trials: requests)
        }
        return VersionData(name: name, requestCount: requests, observations: observations)
    }

    /// Case a: Canary, v1 (5000 requests, 212.5 ms, 0.4 %) and v2 (4800, 231 ms, 0.9375 %);
    /// mean_latency ≤ 250, error_rate ≤ 0.01; max_increment 10, last split 80/20.
    static func caseA(
        policy: TrafficPolicy = .progressive, seed: UInt64 = 1, candidateErrorRate: Double = 0.009375
    ) -> AnalysisInput {
        AnalysisInput(
            versions: [
                version("v1", requests: 5000, latency: 212.5, errorRate: 0.004),
                version("v2", requests: 4800, latency: 231.0, errorRate: candidateErrorRate),
            ],
            testingPattern: .canary,
            metrics: Array(metrics.prefix(2)),
            objectives: [
                Objective(metric: "mean_latency", upperLimit: 250),
                Objective(metric: "error_rate", upperLimit: 0.01),
            ],
            settings: AnalysisSettings(
                seed: seed, trafficPolicy: policy, maxCandidateWeightIncrement: 10, currentWeights: [80, 20]))
    }

    /// Case b: A/B/N over five versions; mean_latency ≤ 300, error_rate ≤ 0.02, reward conversion_rate
    /// (higher is better); max_increment 100 (uncapped).
    static func caseB(policy: TrafficPolicy = .progressive, seed: UInt64 = 1) -> AnalysisInput {
        AnalysisInput(
            versions: [
                version("v1", requests: 4000, latency: 180, errorRate: 0.010, conversion: 0.050),
                version("v2", requests: 3900, latency: 195, errorRate: 0.012, conversion: 0.056),
                version("v3", requests: 4100, latency: 240, errorRate: 0.0185, conversion: 0.060),
                version("v4", requests: 4050, latency: 310, errorRate: 0.008, conversion: 0.070),
                version("v5", requests: 3950, latency: 205, errorRate: 0.011, conversion: 0.054),
            ],
            testingPattern: .abnTest,
            metrics: metrics,
            objectives: [
                Objective(metric: "mean_latency", upperLimit: 300),
                Objective(metric: "error_rate", upperLimit: 0.02),
            ],
            reward: Reward(metric: "conversion_rate", preferredDirection: .high),
            settings: AnalysisSettings(seed: seed, trafficPolicy: policy, maxCandidateWeightIncrement: 100))
    }

    /// ±4 binomial standard errors of a share estimated from `n` draws.
    static func tolerance(_ p: Double, n: Double = 10_000) -> Double {
        4 * (p * (1 - p) / n).squareRoot()
    }

    /// Whether every probability is one that iter8's 10,000 draws report as 1: at least 1 − 10⁻⁴ (`iter8-v1`
    /// computes them exactly since version 2, so 1 − 5·10⁻⁷ is no longer rounded up by the draws).
    static func nearlyOne(_ probabilities: [Double?]?) -> Bool {
        guard let probabilities, !probabilities.isEmpty else { return false }
        return probabilities.allSatisfy { $0.map { $0 >= 1 - 1e-4 && $0 <= 1 } ?? false }
    }
}
