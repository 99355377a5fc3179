/// A path into a JSON value (object members and array elements), rendered as an RFC 6901 JSON pointer.
public struct ValuePath: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step: an object member or an array index.
    public enum Step: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// An object member.
        case key(String)
        /// An array element.
        case index(Int)

        /// A member step.
        public init(stringLiteral value: String) { self = .key(value) }
        /// An index step.
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    /// The steps from the root.
    public var steps: [Step]

    /// Creates a pointer from steps.
    public init(_ steps: [Step]) { self.steps = steps }

    /// Creates a pointer from literal steps.
    public init(arrayLiteral elements: Step...) { steps = elements }

    /// The pointer extended by `step`.
    public func appending(_ step: Step) -> ValuePath { ValuePath(steps + [step]) }

    /// `/spec/http/0/route/1/weight` (with `~` and `/` escaped).
    public var description: String {
        steps.map { step in
            switch step {
            case .key(let key): "/" + Self.escaped(key)
            case .index(let index): "/\(index)"
            }
        }.joined()
    }

    /// `key` as a JSON Pointer reference token (RFC 6901): `~` as `~0`, then `/` as `~1`. Keys without either are
    /// returned as they are (Foundation's `replacingOccurrences` goes through NSString even then).
    static func escaped(_ key: String) -> String {
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        var escaped = ""
        for character in key.unicodeScalars {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }
}
