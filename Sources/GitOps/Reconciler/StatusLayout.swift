import Experiments
/// Where the service writes an experiment's status and report files.
///
/// - ``besideSpec``: next to the spec: `experiments/canary.yaml` → `experiments/canary.status.<token>.yaml`,
///   `experiments/canary.report.<token>.md` and `experiments/canary.report.<token>.svg` (a spec file holding
///   several experiments gets `canary.<name>.status.<token>.yaml` and so on).
/// - ``directory(_:)``: under one folder: `<folder>/<namespace>/<name>.status.<token>.yaml`, …
///
/// The token is 8 hex digits of a digest of the files' common stem, so it is the same at every write and
/// differs between experiments. It is there for Git's packing: `git gc`, `git repack` and servers choose the
/// object a blob is stored as a delta of among blobs whose paths end alike (a hash of a path's last 16
/// characters, then size). Without it every `….status.yaml` ends alike, so with many experiments each
/// rewritten status, report and chart was stored against another experiment's file of the same size and
/// the repository stored everything experiment-specific again at every iteration — growth per iteration
/// that rose with the iterations kept. With it each file is stored against its own previous version.
///
/// Files written by earlier versions (`<stem>.status.yaml`, `<stem>.report.md`, `<stem>.report.svg`) are
/// still found and kept where they are (``files(statusPath:)``).
public enum StatusLayout: Hashable, Sendable {
    /// Next to each spec file.
    case besideSpec
    /// Under one directory of the repository.
    case directory(String)

    /// The suffix of status files written before the token (still read and written in place).
    public static let statusSuffix = ".status.yaml"

    /// The files of one experiment.
    public struct Files: Hashable, Sendable {
        /// The status document.
        public var status: String
        /// The Markdown report.
        public var report: String
        /// The SVG chart the report shows.
        public var chart: String

        /// Names the three files.
        public init(status: String, report: String, chart: String) {
            self.status = status
            self.report = report
            self.chart = chart
        }
    }

    /// The files for the experiment `namespace/name` declared in `specPath`; `shared` when the spec file
    /// declares more than one experiment.
    public func files(specPath: String, namespace: String, name: String, shared: Bool) -> Files {
        let bounded = Self.boundedStem(stem(specPath: specPath, namespace: namespace, name: name, shared: shared))
        let token = Self.token(bounded)
        return Files(
            status: "\(bounded).status.\(token).yaml", report: "\(bounded).report.\(token).md",
            chart: "\(bounded).report.\(token).svg")
    }

    /// The files earlier versions wrote for the same experiment (no token).
    public func legacyFiles(specPath: String, namespace: String, name: String, shared: Bool) -> Files {
        let bounded = Self.boundedStem(stem(specPath: specPath, namespace: namespace, name: name, shared: shared), token: false)
        return Files(status: bounded + Self.statusSuffix, report: bounded + ".report.md", chart: bounded + ".report.svg")
    }

    /// The report and chart that go with the status file at `statusPath`, of either naming; nil when
    /// `statusPath` is not a status file's path.
    public static func files(statusPath: String) -> Files? {
        guard let (stem, token) = parse(statusPath: statusPath) else { return nil }
        let tail = token.map { ".\($0)" } ?? ""
        return Files(status: statusPath, report: "\(stem).report\(tail).md", chart: "\(stem).report\(tail).svg")
    }

    /// True when `path` names a status file: `<stem>.status.<token>.yaml` with its stem's token, or
    /// `<stem>.status.yaml` as earlier versions wrote. The scanner does not read such files as specs (a spec named
    /// `x.status.20240115.yaml` is still a spec: its 8 digits are not its stem's token).
    public static func isStatusPath(_ path: String) -> Bool {
        parse(statusPath: path) != nil
    }

    /// The longest file name most file systems take, in bytes.
    public static let maxFileNameBytes = RepositoryPath.maxFileNameBytes

    /// Hex digits in a token.
    static let tokenLength = 8
    /// `.status.` + token + `.yaml`.
    static let tokenedStatusSuffixBytes = ".status.".utf8.count + tokenLength + ".yaml".utf8.count

    private func stem(specPath: String, namespace: String, name: String, shared: Bool) -> String {
        switch self {
        case .besideSpec:
            var base = specPath
            for suffix in [".yaml", ".yml"] where base.hasSuffix(suffix) { base.removeLast(suffix.count) }
            return shared ? "\(base).\(name)" : base
        case .directory(let folder):
            let root = folder.split(separator: "/").joined(separator: "/")
            return (root.isEmpty ? "" : root + "/") + "\(namespace)/\(name)"
        }
    }

    /// The token of `stem`: the first 8 hex digits of its FNV-1a digest.
    static func token(_ stem: String) -> String {
        String(fnv1a(stem).prefix(tokenLength))
    }

    /// The stem of a status path and its token (nil for the naming without one); nil when `path` is not a status
    /// path, or its token is not its stem's. By bytes: the suffixes are ASCII, so what is left is whole UTF-8 (a
    /// character count could take the "." with a character before it that prepends, such as U+0600).
    private static func parse(statusPath path: String) -> (stem: String, token: String?)? {
        let bytes = path.utf8
        if bytes.count > statusSuffix.utf8.count, bytes.reversed().starts(with: statusSuffix.utf8.reversed()) {
            return (String(decoding: bytes.dropLast(statusSuffix.utf8.count), as: UTF8.self), nil)
        }
        guard bytes.count > tokenedStatusSuffixBytes else { return nil }
        let suffix = bytes.suffix(tokenedStatusSuffixBytes)
        guard suffix.starts(with: ".status.".utf8), suffix.reversed().starts(with: ".yaml".utf8.reversed()) else { return nil }
        let token = String(decoding: suffix.dropFirst(".status.".utf8.count).prefix(tokenLength), as: UTF8.self)
        let stem = String(decoding: bytes.dropLast(tokenedStatusSuffixBytes), as: UTF8.self)
        return token == Self.token(stem) ? (stem, token) : nil
    }

    /// `stem` with its last component shortened when a suffix would take the file name past
    /// ``maxFileNameBytes``: a prefix (cut on a character boundary) and a digest of the whole component, so
    /// distinct long names stay distinct and the same name always gives the same file.
    static func boundedStem(_ stem: String, token: Bool = true) -> String {
        let longestSuffix = token
            ? max(tokenedStatusSuffixBytes, ".report.".utf8.count + tokenLength + ".svg".utf8.count)
            : max(statusSuffix.utf8.count, ".report.svg".utf8.count, ".report.md".utf8.count)
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
