import Foundation

/// The single value of a position (slot) of ``CanonicalJSONEncoder``'s output: the frame at `depth` numbered
/// `serial`. A second value, or a container after it, is refused (`JSONEncoder` stops on it).
struct CanonicalJSONSingleValueContainer: SingleValueEncodingContainer, CanonicalJSONPositionWriter {
    let writer: CanonicalJSONWriter
    let serial: Int
    let depth: Int

    /// Reading the path makes the value fall back to `JSONEncoder`.
    var codingPath: [any CodingKey] {
        writer.refuse("a value read its coding path")
        return []
    }

    func claimPosition() throws {
        guard writer.beginSingleValue(serial, depth) else { throw writer.refusal }
    }

    mutating func encode(_ value: Int128) throws {
        try claimPosition()
        writer.writeDescription(value)
    }

    mutating func encode(_ value: UInt128) throws {
        try claimPosition()
        writer.writeDescription(value)
    }
}
