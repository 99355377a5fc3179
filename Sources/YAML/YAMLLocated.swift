/// A decoded value together with where it was written.
///
/// Declare a field as `YAMLLocated<String>` (or any `Decodable`) to keep its location for semantic errors:
/// `throw name.location.error(.invalidValue, "duplicate version name \"\(name.value)\"")`.
/// Equality and hashing consider `value` only; encoding writes `value` only.
public struct YAMLLocated<Value> {
    /// The decoded value.
    public var value: Value
    /// Where the value was written (`YAMLMark.synthesized` and an empty path when not decoded by `YAMLDecoder`).
    public var location: YAMLLocation

    /// Wraps a value with a location.
    public init(_ value: Value, location: YAMLLocation = YAMLLocation(file: nil, mark: .synthesized, path: [])) {
        self.value = value
        self.location = location
    }
}

extension YAMLLocated: Decodable where Value: Decodable {
    /// Decodes `Value` from the same node and records the node's location.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self.value = try container.decode(Value.self)
        self.location = decoder.yamlLocation
            ?? YAMLLocation(file: nil, mark: .synthesized, path: YAMLPath(codingPath: decoder.codingPath))
    }
}

extension YAMLLocated: Encodable where Value: Encodable {
    /// Encodes `value` only.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension YAMLLocated: Equatable where Value: Equatable {
    /// Compares values; locations are ignored.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
}

extension YAMLLocated: Hashable where Value: Hashable {
    /// Hashes the value only.
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}

extension YAMLLocated: Sendable where Value: Sendable {}
