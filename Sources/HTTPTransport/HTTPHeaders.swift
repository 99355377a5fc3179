/// An ordered list of HTTP header fields with case-insensitive name lookup; a name may repeat.
///
/// Its `description` masks the values of fields that carry secrets (`Authorization`,
/// `Proxy-Authorization`, `Cookie`, `Set-Cookie`), so headers can be logged safely.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One header field.
    public struct Field: Sendable, Hashable {
        /// The field name as given (compare with ``HTTPHeaders`` lookups, which ignore case).
        public var name: String
        /// The field value.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Lower-cased names whose values are secrets and never printed.
    public static let sensitiveNames: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie"]

    /// The fields in order.
    public private(set) var fields: [Field]

    /// Creates headers from `(name, value)` pairs, keeping their order.
    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// Creates headers from a literal such as `["Accept": "application/json"]`, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The first value of the field named `name` (any case), or nil. Setting replaces every field of that name
    /// with one field at the position of the first (or at the end); setting nil removes them.
    public subscript(name: String) -> String? {
        get { fields.first { Self.matches($0.name, name) }?.value }
        set {
            let first = fields.firstIndex { Self.matches($0.name, name) }
            fields.removeAll { Self.matches($0.name, name) }
            guard let newValue else { return }
            fields.insert(Field(name: name, value: newValue), at: Swift.min(first ?? fields.endIndex, fields.endIndex))
        }
    }

    /// Every value of the field named `name` (any case), in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.matches($0.name, name) }.map(\.value)
    }

    /// True when a field named `name` (any case) is present.
    public func contains(_ name: String) -> Bool { fields.contains { Self.matches($0.name, name) } }

    /// Appends a field, keeping existing fields of the same name.
    public mutating func add(name: String, value: String) { fields.append(Field(name: name, value: value)) }

    /// Removes every field named `name` (any case).
    public mutating func remove(_ name: String) { fields.removeAll { Self.matches($0.name, name) } }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    /// `name: value` lines with secret values masked.
    public var description: String {
        fields.map { field in
            let secret = Self.sensitiveNames.contains(field.name.lowercased())
            return "\(field.name): \(secret ? "REDACTED" : field.value)"
        }.joined(separator: "\n")
    }

    private static func matches(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && a.lowercased() == b.lowercased()
    }
}
