/// A path from a document's root to a node: mapping keys and sequence indices.
///
/// Renders as `spec.versionInfo.candidates[1].name`; parse that form with `init(parsing:)`, or build one from
/// literals: `["spec", "http", 0, "route", 1, "weight"]`.
public struct YAMLPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step of a path.
    public enum Component: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// A mapping key (matched against the key scalar's value).
        case key(String)
        /// A 0-based sequence index.
        case index(Int)

        /// A key component.
        public init(stringLiteral value: String) { self = .key(value) }
        /// An index component.
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    /// The steps from the root.
    public var components: [Component]

    /// Creates a path from components.
    public init(_ components: [Component] = []) { self.components = components }

    /// Creates a path from literal components.
    public init(arrayLiteral elements: Component...) { self.components = elements }

    /// Parses `a.b[0].c` (keys may not contain `.`, `[` or `]`; build such paths from components instead).
    public init(parsing text: String) throws {
        var components: [Component] = []
        var key = ""
        var index: String?
        var afterIndex = false
        func fail() -> YAMLError {
            YAMLError(code: .pathNotFound, message: "malformed path \"\(text)\"")
        }
        for character in text {
            if var digits = index {
                if character == "]" {
                    guard let value = Int(digits), value >= 0 else { throw fail() }
                    components.append(.index(value))
                    index = nil
                    afterIndex = true
                } else {
                    digits.append(character)
                    index = digits
                }
                continue
            }
            switch character {
            case ".":
                if !key.isEmpty {
                    components.append(.key(key))
                } else if !afterIndex {
                    throw fail()
                }
                key = ""
                afterIndex = false
            case "[":
                if !key.isEmpty { components.append(.key(key)) }
                key = ""
                index = ""
            case "]":
                throw fail()
            default:
                if afterIndex { throw fail() }
                key.append(character)
            }
        }
        if index != nil || (text.hasSuffix(".")) { throw fail() }
        if !key.isEmpty { components.append(.key(key)) }
        self.components = components
    }

    /// A path with one more component.
    public func appending(_ component: Component) -> YAMLPath {
        YAMLPath(components + [component])
    }

    /// `true` for the root path.
    public var isEmpty: Bool { components.isEmpty }

    /// `true` when `self` starts with every component of `prefix`.
    public func hasPrefix(_ prefix: YAMLPath) -> Bool {
        prefix.components.count <= components.count
            && zip(prefix.components, components).allSatisfy { $0 == $1 }
    }

    /// `spec.http[0].route[1].weight`; empty for the root.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
