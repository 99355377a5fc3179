import Experiments

/// Answers a metric's queries from simulated counts and maps them to an ``Observation`` exactly as
/// `PromQL.PrometheusMetricsSource.observation(for:numbers:buckets:bucketQuery:)` does (ratio → counts,
/// histogramMean → histogram with the sum, histogramQuantile → histogram with count = the `+Inf` bucket and the
/// sum estimated from bucket midpoints, histogramFraction → counts, counter → counter).
///
/// The counts are whatever window the caller passes: cumulative since the start for the engines (the built-in
/// `increase(...[${elapsedTime}s])` queries), one interval for the stepper. Like Istio, a version that has served
/// no request has no series: a query without `or on() vector(0)` then returns nothing.
enum SimulatedPrometheus {
    /// The value of one scalar query template over `counts`, or nil for no series.
    static func number(_ template: QueryTemplate, _ counts: VersionCounts) -> Double? {
        let text = template.text
        guard counts.requests > 0 else { return text.contains("or on() vector(0)") ? 0 : nil }
        if text.contains("response_code") { return counts.errors }
        if text.contains("orders_total") { return counts.conversions }
        if text.contains("istio_request_duration_milliseconds_sum") { return counts.sum }
        if text.contains("istio_requests_total") { return counts.requests }
        preconditionFailure("the benchmark cannot answer \(text)")
    }

    /// The `by (le)` buckets, sorted, `+Inf` last; none without series.
    static func buckets(_ counts: VersionCounts) -> [HistogramBucket] {
        guard counts.requests > 0 else { return [] }
        return counts.cumulativeBuckets.map { HistogramBucket(upperBound: $0.upperBound, cumulativeCount: $0.count) }
    }

    /// The observation a metric's model reads from `counts`.
    static func observation(for metric: MetricDefinition, _ counts: VersionCounts) -> Observation {
        switch metric.model {
        case .counter:
            return number(metric.query, counts).map(Observation.counter) ?? .noData
        case .gauge:
            preconditionFailure("the benchmark's metrics all have a model; \(metric.qualifiedName) is a plain gauge")
        case .ratio(let events, let trials):
            guard let trials = number(trials, counts), trials > 0 else { return .noData }
            return .counts(events: min(max(number(events, counts) ?? 0, 0), trials), trials: trials)
        case .histogramMean(let sum, let count, _):
            guard let count = number(count, counts), count > 0, let sum = number(sum, counts) else { return .noData }
            return .histogram(Histogram(buckets: buckets(counts), sum: sum, count: count))
        case .histogramQuantile:
            let parsed = buckets(counts)
            guard let count = parsed.last?.cumulativeCount, count > 0 else { return .noData }
            return .histogram(Histogram(buckets: parsed, sum: Histogram.midpointSum(parsed), count: count))
        case .histogramFraction(let le, _):
            let parsed = buckets(counts)
            guard let total = parsed.last, total.upperBound == .infinity, total.cumulativeCount > 0,
                let bucket = parsed.first(where: { abs($0.upperBound - le) <= 1e-9 * max(1, abs(le)) })
            else { return .noData }
            return .counts(events: min(max(bucket.cumulativeCount, 0), total.cumulativeCount), trials: total.cumulativeCount)
        }
    }

    /// Every metric's observation for every version, by version name and metric reference, and the request
    /// counts (from the experiment's `requestCount` metric), as `IterationRunner` assembles them.
    static func measure(
        _ spec: LoadedSpec, counts: [VersionCounts]
    ) -> (observations: [String: [String: Observation]], requestCounts: [String: Double]) {
        var observations: [String: [String: Observation]] = [:]
        var requestCounts: [String: Double] = [:]
        for (index, version) in spec.experiment.versions.enumerated() {
            for (reference, metric) in spec.metrics {
                observations[version.name, default: [:]][reference] = observation(for: metric, counts[index])
            }
            if let reference = spec.experiment.criteria.requestCount?.description {
                switch observations[version.name]?[reference] {
                case .counter(let value)?, .gauge(let value, _)?: requestCounts[version.name] = value
                default: break
                }
            }
        }
        return (observations, requestCounts)
    }
}
