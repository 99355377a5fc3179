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

    /// Parses the dotted form, e.g. `"spec.criteria.objectives[0].upperLimit"` (the same grammar as
    /// ``init(iter8FieldPath:)`` without the leading `.`); a literal that does not parse is one key.
    public init(stringLiteral value: String) {
        self = FieldPath(iter8FieldPath: "." + value) ?? FieldPath([.key(value)])
    }

    /// Parses iter8's `weightObjRef.fieldPath` form, `.spec.http[0].route[1].weight`, strictly; nil when malformed.
    public init?(iter8FieldPath text: String) {
        guard text.hasPrefix("."), text.count > 1 else { return nil }
        var components: [Component] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let key = rest.prefix { $0 != "." && $0 != "[" }
                guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
                components.append(.key(String(key)))
                rest = rest.dropFirst(key.count)
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    (0...100_000).contains(index)
                else { return nil }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
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
