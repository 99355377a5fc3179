import Foundation

/// The single value of a position (slot) of ``CanonicalJSONEncoder``'s output: the frame at `depth` numbered
/// `serial`. A second value, or a container after it, is refused (`JSONEncoder` stops on it).
struct CanonicalJSONSingleValueContainer: SingleValueEncodingContainer {
    let writer: CanonicalJSONWriter
    let serial: Int
    let depth: Int

    /// Reading the path makes the value fall back to `JSONEncoder`.
    var codingPath: [any CodingKey] {
        writer.refuse("a value read its coding path")
        return []
    }

    private func begin() throws {
        guard writer.beginSingleValue(serial, depth) else { throw writer.refusal }
    }

    mutating func encodeNil() throws {
        try begin()
        writer.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        try begin()
        writer.writeBool(value)
    }

    mutating func encode(_ value: String) throws {
        try begin()
        writer.writeString(value)
    }

    mutating func encode(_ value: Double) throws {
        try begin()
        writer.writeDouble(value)
    }

    mutating func encode(_ value: Float) throws {
        try begin()
        writer.writeFloat(value)
    }

    mutating func encode(_ value: Int) throws {
        try begin()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int8) throws {
        try begin()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int16) throws {
        try begin()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int32) throws {
        try begin()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int64) throws {
        try begin()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int128) throws {
        try begin()
        writer.writeDescription(value)
    }

    mutating func encode(_ value: UInt) throws {
        try begin()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt8) throws {
        try begin()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt16) throws {
        try begin()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt32) throws {
        try begin()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt64) throws {
        try begin()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt128) throws {
        try begin()
        writer.writeDescription(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try writer.encodeValue(value, depth: depth + 1)
    }
}
