import Experiments

/// Why the reconciler did not hand a manifest to its routing plug-in for editing.
enum ManifestEditError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path is not one the service writes (``Experiments/RepositoryPath/isSafe(_:)``).
    case unsafePath(String)
    /// The file is gone at the commit the edit is made on.
    case missing(String, at: String)
    /// The experiment has no routed object.
    case noRouting
    /// No routing plug-in edits manifests of this kind.
    case noEditor(RoutingKind)

    var description: String {
        switch self {
        case .unsafePath(let path): "\(path) is not a path the service writes"
        case .missing(let path, let commit): "\(path) no longer exists at \(commit)"
        case .noRouting: "the experiment moves no traffic (no routing)"
        case .noEditor(let kind): "no routing plug-in edits \(kind) manifests"
        }
    }
}
