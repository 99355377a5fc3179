/// The built-in Istio metrics, with iter8's exact query templates and label conventions
/// (`reporter='source'`, `destination_workload='$name'`, `destination_workload_namespace='$namespace'`,
/// window `[${elapsedTime}s]` — cumulative since the experiment started), plus latency percentiles from
/// `istio_request_duration_milliseconds_bucket`.
///
/// Referenced as `iter8-istio/<name>` or by bare name when no metric file of that name exists.
public enum BuiltinMetrics {
    /// The namespace iter8's samples put these metrics in.
    public static let namespace = "iter8-istio"

    static let labels = "reporter='source',destination_workload='$name',destination_workload_namespace='$namespace'"
    static let window = "[${elapsedTime}s]"
    static let requests = "sum(increase(istio_requests_total{\(labels)}\(window)))"
    static let errors = "sum(increase(istio_requests_total{response_code=~'5..',\(labels)}\(window)))"
    static let durationSum = "sum(increase(istio_request_duration_milliseconds_sum{\(labels)}\(window)))"
    /// The per-version `le` buckets of `istio_request_duration_milliseconds`, for the histogram models.
    public static let buckets = QueryTemplate(
        "sum(increase(istio_request_duration_milliseconds_bucket{\(labels)}\(window))) by (le)")
    static let requestCount = MetricReference("\(namespace)/request-count")

    /// Every built-in metric, in documentation order.
    public static let all: [MetricDefinition] = [
        MetricDefinition(
            name: "request-count", namespace: namespace, type: .counter,
            description: "Number of requests", query: QueryTemplate(requests), model: .counter),
        MetricDefinition(
            name: "error-count", namespace: namespace, type: .counter, description: "Number of responses with HTTP status 5xx",
            query: QueryTemplate("\(errors) or on() vector(0)"), model: .counter),
        MetricDefinition(
            name: "error-rate", namespace: namespace, type: .gauge, description: "Fraction of responses with HTTP status 5xx",
            query: QueryTemplate("(\(errors) or on() vector(0)) / (\(requests) or on() vector(0))"),
            sampleSize: requestCount,
            model: .ratio(events: QueryTemplate("\(errors) or on() vector(0)"), trials: QueryTemplate(requests))),
        MetricDefinition(
            name: "mean-latency", namespace: namespace, type: .gauge, description: "Mean latency", units: "msec",
            query: QueryTemplate("(\(durationSum) or on() vector(0)) / (\(requests) or on() vector(0))"),
            sampleSize: requestCount,
            model: .histogramMean(sum: QueryTemplate(durationSum), count: QueryTemplate(requests), buckets: buckets)),
        MetricDefinition(
            name: "le500ms-latency-percentile", namespace: namespace, type: .gauge,
            description: "Fraction of requests served within 500 ms",
            query: QueryTemplate(
                "(sum(increase(istio_request_duration_milliseconds_bucket{le='500',\(labels)}\(window))) or on() vector(0))"
                    + " / (sum(increase(istio_request_duration_milliseconds_bucket{le='+Inf',\(labels)}\(window))) or on() vector(0))"),
            sampleSize: requestCount, model: .histogramFraction(le: 500, buckets: buckets)),
    ] + [50, 90, 95, 99].map(percentile)

    static func percentile(_ p: Int) -> MetricDefinition {
        let q = Double(p) / 100
        return MetricDefinition(
            name: "latency-\(p)th-percentile", namespace: namespace, type: .gauge,
            description: "\(p)th percentile of latency", units: "msec",
            query: QueryTemplate("histogram_quantile(\(q), \(buckets.text))"), sampleSize: requestCount,
            model: .histogramQuantile(q, buckets: buckets))
    }

    /// The built-in metric named `name`, if any.
    public static func named(_ name: String) -> MetricDefinition? { all.first { $0.name == name } }
}
