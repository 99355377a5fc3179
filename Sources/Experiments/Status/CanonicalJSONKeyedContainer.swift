import Foundation

/// An object of ``CanonicalJSONEncoder``'s output: the frame at `depth` numbered `serial` (0 for a container that
/// was refused; every use of it is refused too).
struct CanonicalJSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: CanonicalJSONWriter
    let serial: Int
    let depth: Int

    /// Reading the path makes the value fall back to `JSONEncoder`.
    var codingPath: [any CodingKey] {
        writer.refuse("a value read its coding path")
        return []
    }

    private func begin(_ key: Key) throws {
        guard writer.beginMember(key.stringValue, serial, depth) else { throw writer.refusal }
    }

    mutating func encodeNil(forKey key: Key) throws {
        try begin(key)
        writer.writeNull()
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try begin(key)
        writer.writeBool(value)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try begin(key)
        writer.writeString(value)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try begin(key)
        writer.writeDouble(value)
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        try begin(key)
        writer.writeFloat(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int16, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int32, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int64, forKey key: Key) throws {
        try begin(key)
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int128, forKey key: Key) throws {
        try begin(key)
        writer.writeDescription(value)
    }

    mutating func encode(_ value: UInt, forKey key: Key) throws {
        try begin(key)
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        try begin(key)
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        try begin(key)
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        try begin(key)
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        try begin(key)
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt128, forKey key: Key) throws {
        try begin(key)
        writer.writeDescription(value)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try begin(key)
        try writer.encodeValue(value, depth: depth + 1)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = writer.beginMember(key.stringValue, serial, depth) ? writer.openNested(keyed: true) : 0
        return KeyedEncodingContainer(CanonicalJSONKeyedContainer<NestedKey>(writer: writer, serial: nested, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = writer.beginMember(key.stringValue, serial, depth) ? writer.openNested(keyed: false) : 0
        return CanonicalJSONUnkeyedContainer(writer: writer, serial: nested, depth: depth + 1)
    }

    /// Refused: `JSONEncoder` writes a super encoder's value when the encoder is released.
    mutating func superEncoder() -> any Encoder {
        writer.refuse("superEncoder")
        return CanonicalJSONValueEncoder(writer: writer, serial: 0, depth: depth + 1)
    }

    /// Refused: `JSONEncoder` writes a super encoder's value when the encoder is released.
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        writer.refuse("superEncoder")
        return CanonicalJSONValueEncoder(writer: writer, serial: 0, depth: depth + 1)
    }
}
