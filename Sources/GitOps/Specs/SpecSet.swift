import Experiments

/// Every Experiment and Metric of a set of files, checked together: each experiment's metric references
/// resolve against the Metric files of the set and the built-ins, and every template renders for every
/// version.
public struct SpecSet: Sendable {
    /// Valid experiments with where they came from (each with its file's text, to locate the issues found by
    /// ``resolveMetrics()``), in file order.
    public private(set) var experiments: [(experiment: Experiment, source: DocumentSource)] = []
    /// Valid metrics.
    public private(set) var metrics: [MetricDefinition] = []
    /// Invalid Experiment and Metric documents.
    public private(set) var invalid: [(kind: String, name: String?, source: DocumentSource)] = []
    /// Every problem, in file order.
    public private(set) var issues: [LocatedIssue] = []
    /// How many files were read.
    public private(set) var fileCount = 0

    /// Creates an empty set.
    public init() {}

    /// Adds one file's documents and issues.
    public mutating func add(_ result: SpecLoader.FileResult) {
        fileCount += 1
        issues += result.issues
        for document in result.documents {
            switch document {
            case .experiment(let experiment, let source): experiments.append((experiment, source))
            case .metric(let metric, _): metrics.append(metric)
            case .invalid(let kind, let name, let source): invalid.append((kind, name, source))
            case .other: break
            }
        }
    }

    /// Resolves every experiment's metrics against the set's Metric files and the built-ins, adding an
    /// issue (located at the reference, in the experiment's file parsed again) for each that does not resolve or
    /// render. Experiments with such an issue move to `invalid`.
    public mutating func resolveMetrics() {
        resolveMetrics { catalog, experiment, _ in catalog.resolve(experiment) }
    }

    /// ``resolveMetrics()`` with each experiment's resolution from `resolution`, given the catalog of the set's
    /// Metric files, the experiment and where it is declared: the snapshot loader answers with the resolution of
    /// the same document against the same Metric files when it made one before.
    mutating func resolveMetrics(
        _ resolution: (MetricCatalog, Experiment, DocumentSource) -> (metrics: [String: MetricDefinition], issues: [SpecIssue])
    ) {
        let catalog = MetricCatalog(metrics)
        var valid: [(experiment: Experiment, source: DocumentSource)] = []
        for entry in experiments {
            let problems = resolution(catalog, entry.experiment, entry.source).issues
            issues += entry.source.locate(problems)
            if problems.contains(where: { $0.severity == .error }) {
                invalid.append(("Experiment", entry.experiment.name, entry.source))
            } else {
                valid.append(entry)
            }
        }
        experiments = valid
    }

    /// Errors only.
    public var errors: [LocatedIssue] { issues.filter { $0.severity == .error } }
}
