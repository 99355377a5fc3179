/// A path to a field inside a spec document, such as `spec.versionInfo.candidates[1].name`.
///
/// Validation in this module knows paths, not source positions; the file loader maps a path to the
/// line and column of the YAML node it names.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// One step of a path: a mapping key or a sequence index.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the document root.
    public var components: [Component]

    /// Creates a path from its steps.
    public init(_ components: [Component] = []) { self.components = components }

    /// Parses the dotted form, e.g. `"spec.criteria.objectives[0].upperLimit"`.
    public init(stringLiteral value: String) {
        var components: [Component] = []
        for part in value.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            if let bracket = rest.firstIndex(of: "[") {
                let key = rest[..<bracket]
                if !key.isEmpty { components.append(.key(String(key))) }
                rest = rest[bracket...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    if let index = Int(rest[rest.index(after: rest.startIndex)..<close]) {
                        components.append(.index(index))
                    }
                    rest = rest[rest.index(after: close)...]
                }
            } else {
                components.append(.key(String(rest)))
            }
        }
        self.components = components
    }

    /// The path extended by a key.
    public func appending(_ key: String) -> FieldPath { FieldPath(components + [.key(key)]) }

    /// The path extended by a sequence index.
    public func appending(_ index: Int) -> FieldPath { FieldPath(components + [.index(index)]) }

    /// The dotted form: keys joined with `.`, indices as `[n]`.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
