import Experiments
import Foundation

/// A ``MetricsSource`` over Prometheus: renders the metric's templates for the version (`$name`,
/// `${elapsedTime}` = whole seconds since the start, at least 1, and the version's variables) and reads
/// what the metric's model needs:
///
/// | model | queries (roles) | observation |
/// |---|---|---|
/// | counter | value | `.counter(value)` |
/// | gauge | value | `.gauge(value, sampleSize: nil)` |
/// | ratio | value, events, trials | `.counts(events, trials)`; no events series counts as 0 events; events are clamped to 0…trials (`increase()` extrapolates) |
/// | histogramMean | value, sum, count, buckets | `.histogram` (buckets may be empty) |
/// | histogramQuantile | value, buckets | `.histogram` with count = the `+Inf` bucket and sum estimated from bucket midpoints |
/// | histogramFraction(le) | value, buckets | `.counts(bucket le, bucket +Inf)` |
///
/// No data anywhere it matters (no series, NaN, zero trials or count) gives `.noData`.
///
/// A query already answered for the same evaluation time is not sent again: an iteration's metrics share queries
/// (the built-ins' request count is also error-rate's trials and mean-latency's count), and one answer for each gives
/// them the same number. Answers are kept for the last ``RecentAnswers/capacity`` (query, time) pairs; queries
/// at the server's now (`time` nil) are always sent.
public struct PrometheusMetricsSource: MetricsSource {
    /// The client that runs the queries.
    public let client: PrometheusClient
    private let recent = RecentAnswers()

    /// Creates a source.
    public init(client: PrometheusClient) { self.client = client }

    /// Renders and runs the metric's queries for `version` and reads the observation its model needs.
    public func measure(_ metric: MetricDefinition, version: VersionSpec, elapsedSeconds: Int, at time: Date? = nil)
        async throws -> Measurement
    {
        var values = ["name": version.name, "elapsedTime": String(max(1, elapsedSeconds))]
        for variable in version.variables { values[variable.name] = variable.value }
        var outcomes: [QueryOutcome] = []
        var numbers: [String: Double?] = [:]
        var buckets: [Sample] = []
        for (role, template) in metric.templates {
            let query: String
            do {
                query = try template.render(values)
            } catch {
                throw PrometheusError(
                    code: .invalidTemplate, message: "metric \(metric.qualifiedName), role \(role), version \(version.name): \(error)",
                    query: template.text)
            }
            let result = try await answer(query, at: time)
            if role == "buckets" {
                buckets = try client.series(from: result, of: query, at: time)
                outcomes.append(QueryOutcome(role: role, query: query, value: nil, series: buckets))
            } else {
                let value = try client.value(from: result, of: query)
                numbers[role] = value
                outcomes.append(QueryOutcome(role: role, query: query, value: value))
            }
        }
        let observation = try Self.observation(for: metric, numbers: numbers, buckets: buckets, bucketQuery: outcomes.last { $0.role == "buckets" }?.query)
        return Measurement(observation: observation, queries: outcomes)
    }

    /// The answer to `query` at `time`: a recent one for the same pair, else the server's (kept when `time` is set).
    func answer(_ query: String, at time: Date?) async throws -> QueryResult {
        guard let time else { return try await client.query(query, at: nil) }
        if let known = recent.answer(query, at: time) { return known }
        let result = try await client.query(query, at: time)
        recent.keep(result, for: query, at: time)
        return result
    }

    static func observation(for metric: MetricDefinition, numbers: [String: Double?], buckets: [Sample], bucketQuery: String?) throws
        -> Observation
    {
        let number = { (role: String) -> Double? in numbers[role] ?? nil }
        switch metric.model {
        case .counter:
            return number("value").map(Observation.counter) ?? .noData
        case .gauge:
            return number("value").map { .gauge(value: $0, sampleSize: nil) } ?? .noData
        case .ratio:
            guard let trials = number("trials"), trials > 0 else { return .noData }
            return .counts(events: min(max(number("events") ?? 0, 0), trials), trials: trials)
        case .histogramMean:
            guard let count = number("count"), count > 0, let sum = number("sum") else { return .noData }
            let parsed = try HistogramReader.buckets(buckets, query: bucketQuery)
            return .histogram(Histogram(buckets: parsed, sum: sum, count: count))
        case .histogramQuantile:
            let parsed = try HistogramReader.buckets(buckets, query: bucketQuery)
            guard let count = parsed.last?.cumulativeCount, count > 0 else { return .noData }
            return .histogram(Histogram(buckets: parsed, sum: HistogramReader.estimatedSum(parsed), count: count))
        case .histogramFraction(let le, _):
            let parsed = try HistogramReader.buckets(buckets, query: bucketQuery)
            guard let total = parsed.last, total.upperBound == .infinity, total.cumulativeCount > 0 else { return .noData }
            guard let bucket = parsed.first(where: { abs($0.upperBound - le) <= 1e-9 * max(1, abs(le)) }) else {
                throw PrometheusError(
                    code: .unexpectedResult,
                    message: "no bucket le=\"\(le)\" among \(parsed.map { $0.upperBound.description }.joined(separator: ", "))",
                    query: bucketQuery)
            }
            return .counts(events: min(max(bucket.cumulativeCount, 0), total.cumulativeCount), trials: total.cumulativeCount)
        }
    }
}
