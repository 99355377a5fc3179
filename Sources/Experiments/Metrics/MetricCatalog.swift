/// The metrics an experiment can name: the repository's Metric files and the built-ins.
///
/// A reference `namespace/name` matches a Metric file with that namespace and name; a bare `name` matches
/// a Metric file of that name in the experiment's namespace. Otherwise a built-in of that name is used
/// when the reference has no namespace or the namespace `iter8-istio`.
public struct MetricCatalog: Sendable {
    /// Metric files by `namespace/name` (files without a namespace are in `default`).
    public private(set) var files: [String: MetricDefinition]

    /// Creates a catalog from validated Metric files.
    public init(_ metrics: [MetricDefinition] = []) {
        files = [:]
        for metric in metrics { files["\(metric.namespace ?? "default")/\(metric.name)"] = metric }
    }

    /// The metric a reference names, from an experiment in `namespace`; nil when there is none.
    public func resolve(_ reference: MetricReference, experimentNamespace namespace: String) -> MetricDefinition? {
        if let metric = files["\(reference.namespace ?? namespace)/\(reference.name)"] { return metric }
        guard reference.namespace == nil || reference.namespace == BuiltinMetrics.namespace else { return nil }
        return BuiltinMetrics.named(reference.name)
    }

    /// Resolves every metric the experiment names and checks that each template's placeholders have values
    /// for every version (`$name`, `$elapsedTime`, and the version's variables).
    ///
    /// - Returns: the metrics by reference text, and an issue for each missing metric or unknown placeholder.
    public func resolve(_ experiment: Experiment) -> (metrics: [String: MetricDefinition], issues: [SpecIssue]) {
        var issues = IssueList()
        var metrics: [String: MetricDefinition] = [:]
        let criteria: FieldPath = "spec.criteria"
        var references: [(MetricReference, FieldPath)] = []
        if let requestCount = experiment.criteria.requestCount { references.append((requestCount, criteria.appending("requestCount"))) }
        for (index, objective) in experiment.criteria.objectives.enumerated() {
            references.append((objective.metric, criteria.appending("objectives").appending(index).appending("metric")))
        }
        if let reward = experiment.criteria.reward {
            references.append((reward.metric, criteria.appending("rewards").appending(0).appending("metric")))
        }
        for (index, indicator) in experiment.criteria.indicators.enumerated() {
            references.append((indicator, criteria.appending("indicators").appending(index)))
        }
        // The names each version gives a value for: `$name`, `$elapsedTime` and its variables.
        let versionNames = experiment.versions.map { version in
            Set(["name", "elapsedTime"] + version.variables.map(\.name))
        }
        for (reference, path) in references {
            guard let metric = resolve(reference, experimentNamespace: experiment.namespace) else {
                issues.error(path, "no Metric \"\(reference)\" in the repository and no built-in metric of that name")
                continue
            }
            metrics[reference.description] = metric
            for (version, names) in zip(experiment.versions, versionNames) {
                var unknown: [String] = []
                for (_, template) in metric.templates {
                    unknown += template.unknownPlaceholders(names).filter { !unknown.contains($0) }
                }
                if !unknown.isEmpty {
                    issues.error(
                        path,
                        "metric \(metric.qualifiedName) uses \(unknown.map { "$" + $0 }.joined(separator: ", ")), which version "
                            + "\(version.name) does not define (add it to the version's variables)")
                }
            }
        }
        return (metrics, issues.issues)
    }
}
