import Foundation

/// An array of ``CanonicalJSONEncoder``'s output: the frame at `depth` numbered `serial` (0 for a container that
/// was refused; every use of it is refused too).
struct CanonicalJSONUnkeyedContainer: UnkeyedEncodingContainer, CanonicalJSONPositionWriter {
    let writer: CanonicalJSONWriter
    let serial: Int
    let depth: Int

    /// Reading the path makes the value fall back to `JSONEncoder`.
    var codingPath: [any CodingKey] {
        writer.refuse("a value read its coding path")
        return []
    }

    /// The elements encoded so far.
    var count: Int { writer.elementCount(serial, depth) }

    func claimPosition() throws {
        guard writer.beginElement(serial, depth) else { throw writer.refusal }
    }

    mutating func encode(_ value: Int128) throws {
        try claimPosition()
        writer.writeDescription(value)
    }

    mutating func encode(_ value: UInt128) throws {
        try claimPosition()
        writer.writeDescription(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = writer.beginElement(serial, depth) ? writer.openNested(keyed: true) : 0
        return KeyedEncodingContainer(CanonicalJSONKeyedContainer<NestedKey>(writer: writer, serial: nested, depth: depth + 1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = writer.beginElement(serial, depth) ? writer.openNested(keyed: false) : 0
        return CanonicalJSONUnkeyedContainer(writer: writer, serial: nested, depth: depth + 1)
    }

    /// Refused: `JSONEncoder` inserts a super encoder's value when the encoder is released.
    mutating func superEncoder() -> any Encoder {
        writer.refuse("superEncoder")
        return CanonicalJSONValueEncoder(writer: writer, serial: 0, depth: depth + 1)
    }
}
