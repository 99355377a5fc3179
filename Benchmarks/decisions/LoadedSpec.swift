import Experiments
import YAML

/// A spec as the service would hold it: the YAML decoded with `YAMLDecoder(unknownFields: .error)`, validated
/// by `ExperimentValidator`, and its metrics resolved by `MetricCatalog` (built-ins plus the reward's Metric
/// file, validated by `MetricValidator`).
struct LoadedSpec: Sendable {
    /// The validated experiment.
    let experiment: Experiment
    /// Its metrics by reference text.
    let metrics: [String: MetricDefinition]
    /// The YAML it came from.
    let text: String
    /// The validator's warnings, if any.
    let warnings: [String]

    /// A problem that stops the benchmark: the spec does not load.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Loads the spec of a scenario's pattern for an engine.
    static func load(_ scenario: Scenario, engine: AnalysisEngineKind) throws -> LoadedSpec {
        let text: String
        switch scenario.pattern {
        case .canary: text = SpecTexts.canary(engine: engine, latency: scenario.latencyObjective)
        case .abn: text = SpecTexts.abn(engine: engine)
        case .conformance: text = SpecTexts.conformance(engine: engine)
        }
        let file = "experiments/\(scenario.pattern.rawValue.lowercased().replacingOccurrences(of: "/", with: ""))-\(engine.rawValue).yaml"
        let decoder = YAMLDecoder(unknownFields: .error)
        let report = decoder.report(ExperimentDocument.self, from: text, file: file)
        guard report.errors.isEmpty, let document = report.value else {
            throw Failure(description: "\(file) does not decode: \(report.errors.map { "\($0)" }.joined(separator: "; "))\n\(text)")
        }
        let outcome = ExperimentValidator.validate(document)
        let errors = outcome.issues.filter { $0.severity == .error }
        guard errors.isEmpty, let experiment = outcome.experiment else {
            throw Failure(description: "\(file) does not validate: \(errors.map(\.description).joined(separator: "; "))\n\(text)")
        }
        let catalog = MetricCatalog(try rewardMetric(decoder))
        let (metrics, issues) = catalog.resolve(experiment)
        guard issues.filter({ $0.severity == .error }).isEmpty else {
            throw Failure(description: "\(file): metrics do not resolve: \(issues.map(\.description).joined(separator: "; "))")
        }
        let warnings = (outcome.issues + issues).filter { $0.severity == .warning }.map(\.description)
            + report.warnings.map { "\($0)" }
        return LoadedSpec(experiment: experiment, metrics: metrics, text: text, warnings: warnings)
    }

    /// The reward's Metric file, validated, with the ratio model (orders of requests) its gauge stands for.
    static func rewardMetric(_ decoder: YAMLDecoder) throws -> [MetricDefinition] {
        let file = "metrics/conversion-rate.yaml"
        let report = decoder.report(MetricDocument.self, from: SpecTexts.rewardMetric, file: file)
        guard report.errors.isEmpty, let document = report.value else {
            throw Failure(description: "\(file) does not decode: \(report.errors.map { "\($0)" }.joined(separator: "; "))")
        }
        let outcome = MetricValidator.validate(document)
        guard var metric = outcome.metric else {
            throw Failure(description: "\(file) does not validate: \(outcome.issues.map(\.description).joined(separator: "; "))")
        }
        metric.model = .ratio(events: SpecTexts.rewardEvents, trials: SpecTexts.rewardTrials)
        return [metric]
    }
}
