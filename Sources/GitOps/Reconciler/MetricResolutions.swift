import Experiments
import Git

/// The metric resolutions of a repository's experiments (``Experiments/MetricCatalog/resolve(_:)``), each kept
/// by its document (file, blob, index) while the Metric files are the same: an experiment is resolved again only
/// when its spec file or a Metric file changed. Only the documents of the last set resolved are kept.
struct MetricResolutions: Sendable {
    typealias Resolution = (metrics: [String: MetricDefinition], issues: [SpecIssue])

    /// One document of one version of a file.
    struct Document: Hashable, Sendable {
        var path: String
        var blob: GitOID
        var index: Int
    }

    private var byDocument: [Document: Resolution] = [:]
    /// The Metric files the kept resolutions were made against.
    private var metrics: [MetricDefinition] = []
    /// Resolutions made (not reused) so far.
    private(set) var count = 0

    /// Documents whose resolution is kept.
    var documentCount: Int { byDocument.count }

    /// Resolves the metrics of every experiment of `set` (``SpecSet/resolveMetrics()``), reusing the resolution of
    /// each document resolved before against the same Metric files.
    ///
    /// - Parameter blobs: the blob of each file of the set, by path.
    /// - Returns: the metrics of each experiment, by `file#index` of its document.
    mutating func resolve(_ set: inout SpecSet, blobs: [String: GitOID]) -> [String: [String: MetricDefinition]] {
        if set.metrics != metrics {
            byDocument = [:]
            metrics = set.metrics
        }
        var kept: [Document: Resolution] = [:]
        var resolved: [String: [String: MetricDefinition]] = [:]
        set.resolveMetrics { catalog, experiment, source in
            let document = blobs[source.file].map { Document(path: source.file, blob: $0, index: source.index) }
            let resolution: Resolution
            if let document, let known = byDocument[document] {
                resolution = known
            } else {
                count += 1
                resolution = catalog.resolve(experiment)
            }
            if let document { kept[document] = resolution }
            resolved["\(source.file)#\(source.index)"] = resolution.metrics
            return resolution
        }
        byDocument = kept
        return resolved
    }
}
