import Foundation

/// Reads the SSH wire encoding (RFC 4251 §5): `uint32`, `string` (a length-prefixed byte string) and `mpint`.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: some Sequence<UInt8>) { bytes = Array(data) }

    /// True when every byte was read.
    var isAtEnd: Bool { offset == bytes.count }

    mutating func uint32() throws(SigningError) -> UInt32 {
        guard bytes.count - offset >= 4 else { throw SigningError(.malformed, "truncated SSH data") }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return value
    }

    mutating func raw(_ count: Int) throws(SigningError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw SigningError(.malformed, "truncated SSH data") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func string() throws(SigningError) -> [UInt8] { try raw(Int(try uint32())) }

    mutating func text() throws(SigningError) -> String {
        guard let text = String(bytes: try string(), encoding: .utf8) else {
            throw SigningError(.malformed, "SSH string is not UTF-8")
        }
        return text
    }

    /// An `mpint` as unsigned big-endian bytes without leading zeros (negative values are refused).
    mutating func mpint() throws(SigningError) -> [UInt8] {
        let value = try string()
        if let first = value.first, first & 0x80 != 0 { throw SigningError(.malformed, "negative SSH mpint") }
        return Array(value.drop { $0 == 0 })
    }
}

/// Writes the SSH wire encoding.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    mutating func raw(_ value: some Sequence<UInt8>) { bytes += value }

    mutating func string(_ value: some Collection<UInt8>) {
        uint32(UInt32(value.count))
        bytes += value
    }

    mutating func string(_ text: String) { string(Array(text.utf8)) }
}
