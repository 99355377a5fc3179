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
            case .key(let key): "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            case .index(let index): "/\(index)"
            }
        }.joined()
    }
}
