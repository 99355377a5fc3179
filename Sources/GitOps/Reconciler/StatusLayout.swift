import Experiments
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
        let bounded = Self.boundedStem(stem)
        return Files(status: bounded + Self.statusSuffix, report: bounded + ".report.md", chart: bounded + ".report.svg")
    }

    /// The longest file name most file systems take, in bytes.
    public static let maxFileNameBytes = RepositoryPath.maxFileNameBytes

    /// `stem` with its last component shortened when a suffix would take the file name past
    /// ``maxFileNameBytes``: a prefix (cut on a character boundary) and a digest of the whole component, so
    /// distinct long names stay distinct and the same name always gives the same file.
    static func boundedStem(_ stem: String) -> String {
        let longestSuffix = max(statusSuffix.utf8.count, ".report.svg".utf8.count, ".report.md".utf8.count)
        let slash = stem.lastIndex(of: "/")
        let folder = slash.map { String(stem[...$0]) } ?? ""
        let last = slash.map { String(stem[stem.index(after: $0)...]) } ?? stem
        guard last.utf8.count + longestSuffix > maxFileNameBytes else { return stem }
        let digest = "-" + fnv1a(last)
        let room = maxFileNameBytes - longestSuffix - digest.utf8.count
        var prefix = ""
        for character in last {
            guard prefix.utf8.count + String(character).utf8.count <= room else { break }
            prefix.append(character)
        }
        return folder + prefix + digest
    }

    /// FNV-1a, 64 bits, as 16 hex digits: stable across processes and platforms (unlike `Hasher`).
    static func fnv1a(_ text: String) -> String {
        let hex = String(ShardMap.fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
