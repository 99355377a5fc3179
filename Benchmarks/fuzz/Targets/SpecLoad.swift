import Experiments
import Foundation
@testable import GitOps

/// YAML → Experiment / Metric: the path `iter8 validate` and every reconcile pass take for a repository file —
/// libyaml, the located decoder, the v2alpha2 validator and the v1alpha2 translator, metric resolution and the
/// issue texts (human and GitHub annotation). An experiment the gate accepts is then started as `iter8 run` would
/// start it (target acquired, versions ready, first interval passes, first iteration assessed) and its first status
/// file is written, so a spec that validates but traps at run time is found here too.
// libFuzzer: -dict=Benchmarks/fuzz/dict/yaml.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func specLoad(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let text = String(decoding: input.rest(), as: UTF8.self)
    var set = SpecSet()
    set.add(SpecLoader().load(text, file: "experiments/fuzz.yaml"))
    set.resolveMetrics()
    for issue in set.issues {
        _ = issue.description
        _ = issue.githubAnnotation
    }
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    for (experiment, source) in set.experiments {
        _ = experiment.totalIterations
        var machine = ExperimentStateMachine(experiment: experiment, state: .new(at: start))
        _ = machine.handle(.targetChecked(ownsTarget: true, queuedBehind: nil), at: start)
        _ = machine.handle(.versionsChecked(VersionsCheck(ready: true, message: "ready", currentWeights: nil)), at: start)
        let interval = Double(experiment.duration.intervalSeconds)
        _ = machine.handle(.timePassed, at: start.addingTimeInterval(interval))
        // The first iteration, on made-up measurements: the spec's metrics, settings and caps go through the
        // input builder, its engine and the state machine as `iter8 run` puts them.
        let metrics = MetricCatalog(set.metrics).resolve(experiment).metrics
        var observations: [String: [String: Observation]] = [:]
        for (index, version) in experiment.versions.enumerated() {
            for (reference, metric) in metrics {
                observations[version.name, default: [:]][reference] = SpecFuzz.observation(of: metric, version: index)
            }
        }
        var input = AnalysisInputBuilder.input(
            for: experiment, metrics: metrics, observations: observations,
            requestCounts: Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, 1000) }),
            currentWeights: machine.state.pendingWeights ?? machine.state.weights,
            seed: Seeds.iteration(1, base: Seeds.base(from: experiment.name)))
        // The engines' cost is linear in the sample count and nothing else depends on it: at most 2,000 here,
        // so that an input takes milliseconds.
        input.settings.sampleCount = min(input.settings.sampleCount, 2_000)
        if let result = try? AnalysisEngines.engine(experiment.analysis.engine).assess(input) {
            _ = machine.handle(.iterationAssessed(result), at: start.addingTimeInterval(interval))
        }
        _ = machine.handle(.supervisionChecked, at: start.addingTimeInterval(2 * interval))
        let status = ExperimentStatus(
            experiment: ExperimentIdentity(
                name: experiment.name, namespace: experiment.namespace, target: experiment.target, specPath: source.file),
            specRevision: "0000000000000000000000000000000000000000",
            seed: Seeds.base(from: "\(experiment.namespace)/\(experiment.name)"), state: machine.state)
        _ = try? StatusFile.write(status)
    }
    return 0
}

enum SpecFuzz {
    /// A plausible measurement for `metric` on the version at `version` (the baseline is 0), so the engines have
    /// data to decide on.
    static func observation(of metric: MetricDefinition, version: Int) -> Observation {
        let shift = Double(version)
        switch AnalysisInputBuilder.kind(of: metric) {
        case .counter: return .counter(1000 + 10 * shift)
        case .gauge: return .gauge(value: 50 - shift, sampleSize: 1000)
        case .ratio: return .counts(events: 10 - shift, trials: 1000)
        default:
            return .histogram(
                Histogram(
                    buckets: [
                        HistogramBucket(upperBound: 10, cumulativeCount: 100), HistogramBucket(upperBound: 100, cumulativeCount: 900 + shift),
                        HistogramBucket(upperBound: .infinity, cumulativeCount: 1000),
                    ], sum: 40_000 - shift, count: 1000))
        }
    }
}
