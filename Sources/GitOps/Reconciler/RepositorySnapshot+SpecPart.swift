import Experiments
import Git

extension RepositorySnapshot {
    /// What a snapshot takes from the spec files (every YAML file the walk reads but the status files): experiments,
    /// Metric files, routed objects' manifests, unreadable and skipped files; with the files it was made from, in the
    /// order walked. The same files give the same part.
    struct SpecPart: Sendable {
        /// A file by path and content.
        struct File: Hashable, Sendable {
            var path: String
            var blob: GitOID
        }

        var files: [File]
        var specs: [SpecEntry] = []
        var metrics: [MetricDefinition] = []
        var routedObjectFiles: [RoutingKind: [String: [String]]] = [:]
        var unreadableFiles: [String: [LocatedIssue]] = [:]
        /// Files over the size limit.
        var skipped: [String: String] = [:]
    }
}
