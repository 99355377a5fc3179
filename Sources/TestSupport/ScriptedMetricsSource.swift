import Experiments
import Foundation
import PromQL
import Synchronization

/// A ``PromQL/MetricsSource`` answering from a script, for fast tests: each version behaves as its ``Behaviour``
/// says (requests per second, error rate, mean latency, cumulative since the experiment started, as iter8's
/// queries are), a table of answers per version and metric overrides that, and failures can be injected.
///
/// Every answer records one query, `scripted <metric> of <version> over <elapsed>s`, so status files show what
/// was asked.
public final class ScriptedMetricsSource: MetricsSource {
    /// How one version's workload behaves.
    public struct Behaviour: Hashable, Sendable {
        /// Requests per second it serves (0: no data at all).
        public var requestsPerSecond: Double
        /// The fraction of them that fail.
        public var errorRate: Double
        /// Mean latency in milliseconds.
        public var meanLatency: Double

        /// Creates a behaviour.
        public init(requestsPerSecond: Double = 20, errorRate: Double = 0.001, meanLatency: Double = 40) {
            self.requestsPerSecond = requestsPerSecond
            self.errorRate = errorRate
            self.meanLatency = meanLatency
        }

        /// Meets the usual objectives (mean latency 40 ms, 0.1 % errors) at 20 requests per second.
        public static let healthy = Behaviour()
        /// Fails one request in five.
        public static let failing = Behaviour(errorRate: 0.2)
        /// Serves nothing: every metric has no data.
        public static let silent = Behaviour(requestsPerSecond: 0)
    }

    /// What the table answers for one version's metric.
    public enum Answer: Hashable, Sendable {
        /// This observation, whatever the time.
        case observation(Observation)
        /// No data (the query returned no series).
        case noData
        /// The query fails as an unreachable backend would.
        case failure
    }

    /// The error a scripted failure throws.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// The metric asked.
        public var metric: String
        /// The version asked.
        public var version: String
        public var description: String { "cannot query \(metric) of \(version): the scripted metrics backend is down" }
    }

    struct Key: Hashable {
        var version: String
        var metric: String
    }

    struct State {
        var behaviours: [String: Behaviour]
        var fallback: Behaviour
        var answers: [Key: Answer] = [:]
        var down = false
        var queries = 0
    }

    let state: Mutex<State>

    /// A source where each version behaves as `behaviours` says, and any other as `fallback`.
    public init(behaviours: [String: Behaviour] = [:], fallback: Behaviour = .healthy) {
        state = Mutex(State(behaviours: behaviours, fallback: fallback))
    }

    // MARK: - Test controls

    /// From now on `version` behaves as `behaviour`.
    public func set(_ behaviour: Behaviour, for version: String) {
        state.withLock { $0.behaviours[version] = behaviour }
    }

    /// From now on `metric` (its qualified name, e.g. `iter8-istio/error-rate`) of `version` answers `answer`
    /// (nil: back to the version's behaviour).
    public func script(_ metric: String, of version: String, _ answer: Answer?) {
        state.withLock { $0.answers[Key(version: version, metric: metric)] = answer }
    }

    /// The whole backend is down (every query fails) or back.
    public func setDown(_ down: Bool) {
        state.withLock { $0.down = down }
    }

    /// Queries answered or failed so far.
    public var queryCount: Int { state.withLock { $0.queries } }

    // MARK: - MetricsSource

    public func measure(_ metric: MetricDefinition, version: VersionSpec, elapsedSeconds: Int, at time: Date?) async throws
        -> PromQL.Measurement
    {
        let name = metric.qualifiedName
        let (answer, behaviour) = try state.withLock { state throws(Failure) -> (Answer?, Behaviour) in
            state.queries += 1
            let answer = state.answers[Key(version: version.name, metric: name)]
            if state.down || answer == .failure { throw Failure(metric: name, version: version.name) }
            return (answer, state.behaviours[version.name] ?? state.fallback)
        }
        let observation: Observation
        switch answer {
        case .observation(let scripted)?: observation = scripted
        case .noData?: observation = .noData
        case .failure?, nil: observation = Self.observation(of: metric, behaviour, elapsedSeconds: max(1, elapsedSeconds))
        }
        let query = QueryOutcome(
            role: "value", query: "scripted \(name) of \(version.name) over \(max(1, elapsedSeconds))s",
            value: Self.value(of: observation))
        return PromQL.Measurement(observation: observation, queries: [query])
    }

    /// What `behaviour` shows for `metric` after `elapsedSeconds`, in the observation its model reads.
    static func observation(of metric: MetricDefinition, _ behaviour: Behaviour, elapsedSeconds: Int) -> Observation {
        let requests = (behaviour.requestsPerSecond * Double(elapsedSeconds)).rounded()
        guard requests > 0 else { return .noData }
        let errors = (requests * behaviour.errorRate).rounded()
        let latency = behaviour.meanLatency
        switch metric.model {
        case .counter:
            return .counter(metric.name.contains("error") ? errors : requests)
        case .gauge:
            return .gauge(value: metric.name.contains("error") ? behaviour.errorRate : latency, sampleSize: nil)
        case .ratio:
            return .counts(events: errors, trials: requests)
        case .histogramMean:
            return .histogram(Histogram(buckets: buckets(latency, requests), sum: latency * requests, count: requests))
        case .histogramQuantile:
            return .histogram(Histogram(buckets: buckets(latency, requests), sum: latency * requests, count: requests))
        case .histogramFraction(let le, _):
            let within = buckets(latency, requests).first { $0.upperBound >= le }?.cumulativeCount ?? requests
            return .counts(events: within, trials: requests)
        }
    }

    /// The number a query for the observation would have returned.
    static func value(of observation: Observation) -> Double? {
        switch observation {
        case .noData: nil
        case .counter(let value), .gauge(let value, _): value
        case .counts(let events, let trials): trials > 0 ? events / trials : nil
        case .histogram(let histogram): histogram.mean
        }
    }

    /// Latencies spread around the mean: a tenth within half of it, half within it, nine tenths within 1.5 times it,
    /// all within twice it.
    static func buckets(_ latency: Double, _ requests: Double) -> [HistogramBucket] {
        [(0.5, 0.1), (1, 0.5), (1.5, 0.9), (2, 1)].map { factor, share in
            HistogramBucket(upperBound: latency * factor, cumulativeCount: (requests * share).rounded())
        } + [HistogramBucket(upperBound: .infinity, cumulativeCount: requests)]
    }
}
