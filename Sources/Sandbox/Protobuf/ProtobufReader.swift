/// A minimal protocol-buffers wire-format reader: varints, length-delimited fields, and skipping the rest.
struct ProtobufReader {
    /// Thrown for truncated or malformed input.
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var index: Int

    init(_ bytes: some Collection<UInt8>) {
        self.bytes = Array(bytes)
        index = 0
    }

    /// The next field's number and wire type, or nil at the end.
    mutating func nextField() throws -> (number: Int, wireType: Int)? {
        guard index < bytes.count else { return nil }
        let key = try varint()
        return (Int(key >> 3), Int(key & 7))
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count, shift < 64 else { throw Malformed() }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func lengthDelimited() throws -> ArraySlice<UInt8> {
        let length = Int(try varint())
        guard length >= 0, index + length <= bytes.count else { throw Malformed() }
        defer { index += length }
        return bytes[index..<index + length]
    }

    mutating func string() throws -> String { String(decoding: try lengthDelimited(), as: UTF8.self) }

    /// Skips a field of `wireType`.
    mutating func skip(_ wireType: Int) throws {
        switch wireType {
        case 0: _ = try varint()
        case 1: index += 8
        case 2: _ = try lengthDelimited()
        case 5: index += 4
        default: throw Malformed()
        }
        guard index <= bytes.count else { throw Malformed() }
    }
}
