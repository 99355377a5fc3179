/// Encodes `Encodable` values as deterministic YAML: the same value always gives the same bytes.
///
/// Keys come in encode order (the model's order); `Dictionary` keys and `Set` elements are sorted. Strings the core schema would
/// read as something else (`"true"`, `"10"`, `""`) are quoted, multi-line strings use literal style, nil
/// optionals are omitted, `Date` is RFC 3339 text and `URL` its absolute string.
public struct YAMLEncoder: Sendable {
    /// Passed to models as `encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    /// Creates an encoder.
    public init(userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.userInfo = userInfo
    }

    /// The YAML text of one document.
    public func encode<T: Encodable>(_ value: T) throws -> String {
        try YAMLEmitter.emit([encodeNode(value)])
    }

    /// A multi-document stream, one document per value, separated by `---`.
    public func encodeStream(_ values: [any Encodable]) throws -> String {
        try YAMLEmitter.emit(values.map { try encodeNode($0) })
    }

    /// The node tree a value encodes to (synthesized marks), for callers that combine or inspect it.
    public func encodeNode<T: Encodable>(_ value: T) throws -> YAMLNode {
        let box = YAMLEncodingBox()
        try YAMLNodeEncoder(box: box, userInfo: userInfo).encode(value)
        return box.node()
    }
}
