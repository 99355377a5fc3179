/// Where the service writes an experiment's status and report files.
///
/// - ``besideSpec``: next to the spec: `experiments/canary.yaml` → `experiments/canary.status.yaml`,
///   `experiments/canary.report.md` and `experiments/canary.report.svg` (a spec file holding several
///   experiments gets `canary.<name>.status.yaml` and so on).
/// - ``directory(_:)``: under one folder: `<folder>/<namespace>/<name>.status.yaml`, …
public enum StatusLayout: Hashable, Sendable {
    /// Next to each spec file.
    case besideSpec
    /// Under one directory of the repository.
    case directory(String)

    /// The suffix of status files; the scanner skips these when looking for specs.
    public static let statusSuffix = ".status.yaml"

    /// The files of one experiment.
    public struct Files: Hashable, Sendable {
        /// The status document.
        public var status: String
        /// The Markdown report.
        public var report: String
        /// The SVG chart the report shows.
        public var chart: String
    }

    /// The files for the experiment `namespace/name` declared in `specPath`; `shared` when the spec file
    /// declares more than one experiment.
    public func files(specPath: String, namespace: String, name: String, shared: Bool) -> Files {
        let stem: String
        switch self {
        case .besideSpec:
            var base = specPath
            for suffix in [".yaml", ".yml"] where base.hasSuffix(suffix) { base.removeLast(suffix.count) }
            stem = shared ? "\(base).\(name)" : base
        case .directory(let folder):
            let root = folder.split(separator: "/").joined(separator: "/")
            stem = (root.isEmpty ? "" : root + "/") + "\(namespace)/\(name)"
        }
        return Files(status: stem + Self.statusSuffix, report: stem + ".report.md", chart: stem + ".report.svg")
    }
}
