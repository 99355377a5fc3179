import Experiments
import YAML

/// A problem in a repository file, located by file, line and column: what `iter8 validate` prints.
public struct LocatedIssue: Hashable, Sendable, CustomStringConvertible {
    /// The file as given (a repository path or the command-line path).
    public var file: String
    /// 1-based line, 0 when the problem is about the whole file.
    public var line: Int
    /// 1-based column, 0 when the problem is about the whole file.
    public var column: Int
    /// Field path inside the document, e.g. `spec.duration.intervalSeconds`; empty for a syntax error.
    public var path: String
    /// What is wrong.
    public var message: String
    /// Error or warning.
    public var severity: SpecIssue.Severity

    /// Creates an issue.
    public init(file: String, line: Int, column: Int, path: String, message: String, severity: SpecIssue.Severity) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
        self.severity = severity
    }

    /// `file:line:col: field.path: message`, with `warning: ` before the path for warnings.
    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        let level = severity == .warning ? "warning: " : ""
        return path.isEmpty ? "\(location): \(level)\(message)" : "\(location): \(level)\(path): \(message)"
    }

    /// A YAML error (syntax, types, unknown fields) in `file`.
    init(_ error: YAMLError, file: String, severity: SpecIssue.Severity) {
        self.init(
            file: file, line: error.line ?? 0, column: error.column ?? 0, path: error.path,
            message: error.message, severity: severity)
    }

    /// A validation issue, located through the document's node tree: the node at the issue's path, or the
    /// nearest existing parent for a missing field.
    init(_ issue: SpecIssue, in document: YAMLDocument, file: String) {
        var node = document.root
        for component in issue.path.components {
            let child: YAMLNode? =
                switch component {
                case .key(let key): node[key]
                case .index(let index): node[index]
                }
            guard let child else { break }
            node = child
        }
        self.init(
            file: file, line: node.mark.line, column: node.mark.column, path: issue.path.description,
            message: issue.message, severity: issue.severity)
    }
}
