/// A container of ``CanonicalJSONEncoder`` that writes one value at a position it claims first (the single value of a
/// slot, the next element of an array): the `encode` methods `SingleValueEncodingContainer` and
/// `UnkeyedEncodingContainer` both ask for, written once. (`Int128` and `UInt128` stay with each container: the
/// standard library gives those two a default of its own, which would make this one ambiguous.)
protocol CanonicalJSONPositionWriter {
    /// Where the bytes go.
    var writer: CanonicalJSONWriter { get }
    /// The depth of the container's frame.
    var depth: Int { get }
    /// Claims the position for the next value; throws the writer's refusal when no value may go there.
    func claimPosition() throws
}

extension CanonicalJSONPositionWriter {
    mutating func encodeNil() throws {
        try claimPosition()
        writer.writeNull()
    }

    mutating func encode(_ value: Bool) throws {
        try claimPosition()
        writer.writeBool(value)
    }

    mutating func encode(_ value: String) throws {
        try claimPosition()
        writer.writeString(value)
    }

    mutating func encode(_ value: Double) throws {
        try claimPosition()
        writer.writeDouble(value)
    }

    mutating func encode(_ value: Float) throws {
        try claimPosition()
        writer.writeFloat(value)
    }

    mutating func encode(_ value: Int) throws {
        try claimPosition()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int8) throws {
        try claimPosition()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int16) throws {
        try claimPosition()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int32) throws {
        try claimPosition()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: Int64) throws {
        try claimPosition()
        writer.writeInteger(value)
    }

    mutating func encode(_ value: UInt) throws {
        try claimPosition()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt8) throws {
        try claimPosition()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt16) throws {
        try claimPosition()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt32) throws {
        try claimPosition()
        writer.writeUnsigned(value)
    }

    mutating func encode(_ value: UInt64) throws {
        try claimPosition()
        writer.writeUnsigned(value)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try claimPosition()
        try writer.encodeValue(value, depth: depth + 1)
    }
}
