/// One problem found in a spec: where it is (a field path), how bad it is, and what is wrong.
public struct SpecIssue: Hashable, Sendable, CustomStringConvertible {
    /// Whether the issue makes the spec unusable.
    public enum Severity: String, Hashable, Sendable, Codable {
        /// The experiment cannot run until the spec is fixed.
        case error
        /// The experiment runs, but the spec probably does not say what its author meant.
        case warning
    }

    /// The field the issue is about (the nearest existing parent for a missing field).
    public var path: FieldPath
    /// Error or warning.
    public var severity: Severity
    /// What is wrong, in words that name the expected value.
    public var message: String

    /// Creates an issue.
    public init(_ path: FieldPath, _ message: String, severity: Severity = .error) {
        self.path = path
        self.message = message
        self.severity = severity
    }

    /// `field.path: message`, the form `iter8 validate` prefixes with `file:line:col: `.
    public var description: String { path.components.isEmpty ? message : "\(path): \(message)" }
}

/// Collects issues while a spec is validated, so every problem is reported at once.
struct IssueList {
    private(set) var issues: [SpecIssue] = []

    mutating func error(_ path: FieldPath, _ message: String) { issues.append(SpecIssue(path, message)) }

    mutating func warning(_ path: FieldPath, _ message: String) {
        issues.append(SpecIssue(path, message, severity: .warning))
    }

    var hasErrors: Bool { issues.contains { $0.severity == .error } }
}
