import Experiments

/// The benchmark's inputs: the Python anchor's cases a and b (`iter8-analytics-anchor.md` §4) and a
/// synthetic 10 versions × 5 metrics A/B/N.
enum BenchCases {
    static let anchorMetrics = [
        MetricDescriptor(name: "mean_latency", kind: .gauge),
        MetricDescriptor(name: "error_rate", kind: .ratio),
        MetricDescriptor(name: "conversion_rate", kind: .ratio),
    ]

    static func anchorVersion(_ name: String, _ n: Double, _ latency: Double, _ errors: Double, _ conversion: Double? = nil) -> VersionData {
        var observations: [String: Observation] = [
            "mean_latency": .gauge(value: latency, sampleSize: n),
            "error_rate": .counts(events: errors * n, trials: n),
        ]
        if let conversion { observations["conversion_rate"] = .counts(events: conversion * n, trials: n) }
        return VersionData(name: name, requestCount: n, observations: observations)
    }

    static func caseA(seed: UInt64) -> AnalysisInput {
        AnalysisInput(
            versions: [anchorVersion("v1", 5000, 212.5, 0.004), anchorVersion("v2", 4800, 231.0, 0.009375)],
            testingPattern: .canary, metrics: Array(anchorMetrics.prefix(2)),
            objectives: [Objective(metric: "mean_latency", upperLimit: 250), Objective(metric: "error_rate", upperLimit: 0.01)],
            settings: AnalysisSettings(seed: seed, maxCandidateWeightIncrement: 10, currentWeights: [80, 20]))
    }

    static func caseB(seed: UInt64) -> AnalysisInput {
        AnalysisInput(
            versions: [
                anchorVersion("v1", 4000, 180, 0.010, 0.050), anchorVersion("v2", 3900, 195, 0.012, 0.056),
                anchorVersion("v3", 4100, 240, 0.0185, 0.060), anchorVersion("v4", 4050, 310, 0.008, 0.070),
                anchorVersion("v5", 3950, 205, 0.011, 0.054),
            ],
            testingPattern: .abnTest, metrics: anchorMetrics,
            objectives: [Objective(metric: "mean_latency", upperLimit: 300), Objective(metric: "error_rate", upperLimit: 0.02)],
            reward: Reward(metric: "conversion_rate", preferredDirection: .high),
            settings: AnalysisSettings(seed: seed, maxCandidateWeightIncrement: 100))
    }

    /// 10 versions × 5 metrics: error rate (counts), mean latency and p95 latency (one histogram),
    /// CPU (gauge with a sample size) and conversion (counts, the reward).
    static func synthetic(seed: UInt64) -> AnalysisInput {
        let bounds: [Double] = [25, 50, 100, 200, 400, 800, 1600, .infinity]
        let versions = (0..<10).map { v -> VersionData in
            let n = 4000.0 + Double(v) * 150
            let shift = 1 + 0.03 * Double(v % 4)
            let shares = [0.05, 0.15, 0.3, 0.3, 0.12, 0.05 * shift, 0.02, 0.01]
            let total = shares.reduce(0, +)
            var cumulative = 0.0
            var sum = 0.0
            var buckets: [HistogramBucket] = []
            for (share, bound) in zip(shares, bounds) {
                let count = (share / total * n).rounded()
                cumulative += count
                sum += count * (bound.isFinite ? bound * 0.7 : 2400)
                buckets.append(HistogramBucket(upperBound: bound, cumulativeCount: cumulative))
            }
            let histogram = Histogram(buckets: buckets, sum: sum, count: cumulative)
            return VersionData(name: "v\(v + 1)", requestCount: n, observations: [
                "error_rate": .counts(events: (n * (0.006 + 0.0012 * Double(v % 5))).rounded(), trials: n),
                "latency_mean": .histogram(histogram),
                "latency_p95": .histogram(histogram),
                "cpu": .gauge(value: 30 + Double(v % 3) * 4, sampleSize: 60),
                "conversion": .counts(events: (n * (0.05 + 0.002 * Double(v))).rounded(), trials: n),
            ])
        }
        return AnalysisInput(
            versions: versions, testingPattern: .abnTest,
            metrics: [
                MetricDescriptor(name: "error_rate", kind: .ratio),
                MetricDescriptor(name: "latency_mean", kind: .meanFromHistogram),
                MetricDescriptor(name: "latency_p95", kind: .percentile(95)),
                MetricDescriptor(name: "cpu", kind: .gauge),
                MetricDescriptor(name: "conversion", kind: .ratio),
            ],
            objectives: [
                Objective(metric: "error_rate", upperLimit: 0.012),
                Objective(metric: "latency_mean", upperLimit: 300),
                Objective(metric: "latency_p95", upperLimit: 900),
                Objective(metric: "cpu", upperLimit: 40),
            ],
            reward: Reward(metric: "conversion", preferredDirection: .high),
            settings: AnalysisSettings(seed: seed, currentWeights: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10]))
    }
}
