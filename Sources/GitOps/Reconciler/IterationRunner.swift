import Experiments
import Foundation
import PromQL

/// Measures every metric of every version and assesses one iteration: the executor of
/// ``Experiments/ExperimentAction/runIteration(number:)``.
struct IterationRunner: Sendable {
    let source: any MetricsSource

    /// The iteration's record (queries, analysis input and result).
    ///
    /// - Throws: the metrics backend's error (unreachable, a bad query) or the engine's ``AnalysisError``.
    func run(
        _ experiment: Experiment, metrics: [String: MetricDefinition], number: Int, state: ExperimentState,
        baseSeed: UInt64, at now: Date
    ) async throws -> IterationRecord {
        let elapsed = max(1, Int(now.timeIntervalSince(state.startedAt ?? now).rounded()))
        var observations: [String: [String: Observation]] = [:]
        var queries: [QueryRecord] = []
        var requestCounts: [String: Double] = [:]
        let references = metrics.keys.sorted()
        for version in experiment.versions {
            for reference in references {
                guard let metric = metrics[reference] else { continue }
                let measurement = try await source.measure(metric, version: version, elapsedSeconds: elapsed, at: now)
                observations[version.name, default: [:]][reference] = measurement.observation
                queries += measurement.records(version: version.name, metric: reference)
            }
            try await attachSampleSizes(
                version: version, metrics: metrics, elapsed: elapsed, at: now, observations: &observations, queries: &queries)
            if let requestCount = experiment.criteria.requestCount?.description,
                let count = Self.count(observations[version.name]?[requestCount])
            {
                requestCounts[version.name] = count
            }
        }
        let seed = Seeds.iteration(number, base: baseSeed)
        let input = AnalysisInputBuilder.input(
            for: experiment, metrics: metrics, observations: observations, requestCounts: requestCounts,
            currentWeights: state.weights, seed: seed)
        let result = try AnalysisEngines.engine(experiment.analysis.engine).assess(input)
        return IterationRecord(
            number: number, time: now, elapsedSeconds: elapsed, weightsBefore: state.weights, queries: queries, input: input,
            result: result)
    }

    /// A gauge read from a Metric file with `sampleSize` gets the number of observations behind it (for
    /// example the request count), so the engine models it as a mean of that many samples, not as exact.
    func attachSampleSizes(
        version: VersionSpec, metrics: [String: MetricDefinition], elapsed: Int, at now: Date,
        observations: inout [String: [String: Observation]], queries: inout [QueryRecord]
    ) async throws {
        for (reference, metric) in metrics.sorted(by: { $0.key < $1.key }) {
            guard let sizeReference = metric.sampleSize,
                case .gauge(let value, nil)? = observations[version.name]?[reference]
            else { continue }
            let key = sizeReference.description
            var size = Self.count(observations[version.name]?[key])
            if size == nil, observations[version.name]?[key] == nil,
                let sizeMetric = metrics[key]
                    ?? (sizeReference.namespace ?? BuiltinMetrics.namespace == BuiltinMetrics.namespace
                        ? BuiltinMetrics.named(sizeReference.name) : nil)
            {
                let measurement = try await source.measure(sizeMetric, version: version, elapsedSeconds: elapsed, at: now)
                queries += measurement.records(version: version.name, metric: key)
                size = Self.count(measurement.observation)
            }
            if let size { observations[version.name]?[reference] = .gauge(value: value, sampleSize: size) }
        }
    }

    static func count(_ observation: Observation?) -> Double? {
        switch observation {
        case .counter(let value)?: value
        case .gauge(let value, _)?: value
        default: nil
        }
    }
}
