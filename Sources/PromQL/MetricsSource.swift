import Experiments
import Foundation

/// Measures one metric of one version: the seam between the reconciler and the metrics backend.
/// ``PrometheusMetricsSource`` is the production implementation.
public protocol MetricsSource: Sendable {
    /// The observation `metric`'s model needs for `version`, `elapsedSeconds` after the experiment
    /// started, evaluated at `time` (nil: now), with every query as sent.
    ///
    /// *No data* is an observation (``Experiments/Observation/noData``), not an error.
    func measure(_ metric: MetricDefinition, version: VersionSpec, elapsedSeconds: Int, at time: Date?) async throws
        -> Measurement
}

/// What one metric of one version measured: the observation, and each rendered query with its result.
public struct Measurement: Hashable, Sendable {
    /// The analysis input.
    public var observation: Observation
    /// The queries in the order sent.
    public var queries: [QueryOutcome]

    /// Creates a measurement.
    public init(observation: Observation, queries: [QueryOutcome]) {
        self.observation = observation
        self.queries = queries
    }

    /// The queries as status-file records.
    public func records(version: String, metric: String) -> [QueryRecord] {
        queries.map { QueryRecord(version: version, metric: metric, role: $0.role, query: $0.query, value: $0.value) }
    }
}

/// One rendered query and what it returned.
public struct QueryOutcome: Hashable, Sendable {
    /// The role in the metric's model: `value`, `events`, `trials`, `sum`, `count` or `buckets`.
    public var role: String
    /// The PromQL exactly as sent.
    public var query: String
    /// The value; nil for no data, and for `buckets` (see ``series``).
    public var value: Double?
    /// For `buckets`: one series per `le`.
    public var series: [Sample]

    /// Creates an outcome.
    public init(role: String, query: String, value: Double?, series: [Sample] = []) {
        self.role = role
        self.query = query
        self.value = value
        self.series = series
    }
}
