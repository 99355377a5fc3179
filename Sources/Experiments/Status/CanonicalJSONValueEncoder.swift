import Foundation

/// The `Encoder` a value encodes itself into: one position (a slot) of the output, identified by the writer's
/// frame at `depth` with the serial number `serial`.
struct CanonicalJSONValueEncoder: Encoder {
    let writer: CanonicalJSONWriter
    let serial: Int
    let depth: Int

    /// Reading the path makes the value fall back to `JSONEncoder` (this encoder does not keep one).
    var codingPath: [any CodingKey] {
        writer.refuse("a value read its coding path")
        return []
    }

    /// Empty, as `JSONEncoder`'s default.
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let opened = writer.openContainer(inSlot: serial, depth: depth, keyed: true)
        return KeyedEncodingContainer(CanonicalJSONKeyedContainer<Key>(writer: writer, serial: opened, depth: depth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let opened = writer.openContainer(inSlot: serial, depth: depth, keyed: false)
        return CanonicalJSONUnkeyedContainer(writer: writer, serial: opened, depth: depth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        CanonicalJSONSingleValueContainer(writer: writer, serial: serial, depth: depth)
    }
}
