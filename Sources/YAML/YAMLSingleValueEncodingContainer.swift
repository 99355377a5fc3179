/// The single-value container: writes straight into the encoder's box.
struct YAMLSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: YAMLNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.encodeNil() }
    mutating func encode(_ value: Bool) throws { encoder.encode(value) }
    mutating func encode(_ value: String) throws { encoder.encode(value) }
    mutating func encode(_ value: Double) throws { encoder.encode(value) }
    mutating func encode(_ value: Float) throws { encoder.encode(value) }
    mutating func encode(_ value: Int) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: Int8) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: Int16) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: Int32) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: Int64) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: UInt) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: UInt8) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: UInt16) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: UInt32) throws { encoder.encode(integer: value) }
    mutating func encode(_ value: UInt64) throws { encoder.encode(integer: value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder.encode(value) }
}
