import Experiments

/// iter8 v2's point check of a spec's objectives on some counts: the metric's value (what its query
/// returns, as ``Observation/pointValue(for:)`` reads it) within its limits; a missing value fails.
enum ObjectiveCheck {
    /// Whether the version's counts satisfy every objective of the spec.
    static func satisfied(_ spec: LoadedSpec, _ counts: VersionCounts) -> Bool {
        spec.experiment.criteria.objectives.allSatisfy { objective in
            guard let value = value(objective.metric.description, spec, counts) else { return false }
            if let upper = objective.upperLimit?.value, value > upper { return false }
            if let lower = objective.lowerLimit?.value, value < lower { return false }
            return true
        }
    }

    /// The point value of the metric named `reference`, or nil without data.
    static func value(_ reference: String, _ spec: LoadedSpec, _ counts: VersionCounts) -> Double? {
        guard let metric = spec.metrics[reference] else { return nil }
        return SimulatedPrometheus.observation(for: metric, counts).pointValue(for: AnalysisInputBuilder.kind(of: metric))
    }
}
