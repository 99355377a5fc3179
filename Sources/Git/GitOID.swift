/// A Git object id (a commit, tree or blob), held as its 40-character lowercase hex form.
public struct GitOID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The full lowercase hex id.
    public let hex: String

    /// Validates `hex` (40 hex digits, any case) and stores it in lowercase.
    ///
    /// Returns nil when `hex` is not a full SHA-1 object id.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy({ Self.isHexDigit($0) }) else { return nil }
        self.hex = hex.lowercased()
    }

    /// The first seven hex digits, for logs and messages.
    public var short: String { String(hex.prefix(7)) }

    /// The hex id.
    public var description: String { hex }

    /// Orders ids by their hex text (stable, not meaningful).
    public static func < (lhs: GitOID, rhs: GitOID) -> Bool { lhs.hex < rhs.hex }

    /// Decodes from a single hex string.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let oid = GitOID(hex: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a 40-digit object id"))
        }
        self = oid
    }

    /// Encodes as a single hex string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (97...102).contains(byte) || (65...70).contains(byte)
    }
}
