import Experiments

/// Small inputs for the `bayes` engine tests.
enum AnalysisBayesFixtures {
    static let metrics = [
        MetricDescriptor(name: "error_rate", kind: .ratio),
        MetricDescriptor(name: "latency_mean", kind: .meanFromHistogram),
        MetricDescriptor(name: "latency_p95", kind: .percentile(95)),
        MetricDescriptor(name: "conversion", kind: .ratio),
    ]

    /// A latency histogram of `count` requests, most between 50 and 200 ms.
    static func latency(count: Double, slow: Double = 0.02) -> Histogram {
        let shares = [0.1, 0.3, 0.4, 0.18 - slow, slow, 0]
        let bounds = [50.0, 100, 200, 400, 800, .infinity]
        var cumulative = 0.0
        var buckets: [HistogramBucket] = []
        var sum = 0.0
        let mids = [25.0, 75, 150, 300, 600, 800]
        for (share, (bound, mid)) in zip(shares, zip(bounds, mids)) {
            cumulative += share * count
            sum += share * count * mid
            buckets.append(HistogramBucket(upperBound: bound, cumulativeCount: cumulative))
        }
        return Histogram(buckets: buckets, sum: sum, count: count)
    }

    static func version(_ name: String, requests: Double, errors: Double?, slow: Double = 0.02) -> VersionData {
        var observations: [String: Observation] = ["latency_mean": .histogram(latency(count: requests, slow: slow))]
        observations["latency_p95"] = .histogram(latency(count: requests, slow: slow))
        if let errors { observations["error_rate"] = .counts(events: errors, trials: requests) }
        return VersionData(name: name, requestCount: requests, observations: observations)
    }

    /// A canary with error_rate ≤ 1 % (rollback on failure) and mean latency ≤ 250 ms.
    static func canary(
        candidateErrors: Double?, candidateRequests: Double = 10_000, current: [Int] = [90, 10],
        policy: TrafficPolicy = .progressive, seed: UInt64 = 1
    ) -> AnalysisInput {
        AnalysisInput(
            versions: [
                version("stable", requests: 10_000, errors: 20),
                version("canary", requests: candidateRequests, errors: candidateErrors),
            ],
            testingPattern: .canary,
            metrics: metrics,
            objectives: [
                Objective(metric: "error_rate", upperLimit: 0.01, rollbackOnFailure: true),
                Objective(metric: "latency_mean", upperLimit: 250),
            ],
            settings: AnalysisSettings(seed: seed, trafficPolicy: policy, currentWeights: current))
    }
}
