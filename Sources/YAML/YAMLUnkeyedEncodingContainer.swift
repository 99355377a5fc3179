/// An unkeyed container appending sequence elements.
struct YAMLUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: YAMLNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.box.count }

    private func next() -> YAMLNodeEncoder {
        let index = encoder.box.count
        return encoder.child(encoder.box.appendChild(), key: YAMLCodingKey.index(index))
    }

    mutating func encodeNil() throws { next().encodeNil() }
    mutating func encode(_ value: Bool) throws { next().encode(value) }
    mutating func encode(_ value: String) throws { next().encode(value) }
    mutating func encode(_ value: Double) throws { next().encode(value) }
    mutating func encode(_ value: Float) throws { next().encode(value) }
    mutating func encode(_ value: Int) throws { next().encode(integer: value) }
    mutating func encode(_ value: Int8) throws { next().encode(integer: value) }
    mutating func encode(_ value: Int16) throws { next().encode(integer: value) }
    mutating func encode(_ value: Int32) throws { next().encode(integer: value) }
    mutating func encode(_ value: Int64) throws { next().encode(integer: value) }
    mutating func encode(_ value: UInt) throws { next().encode(integer: value) }
    mutating func encode(_ value: UInt8) throws { next().encode(integer: value) }
    mutating func encode(_ value: UInt16) throws { next().encode(integer: value) }
    mutating func encode(_ value: UInt32) throws { next().encode(integer: value) }
    mutating func encode(_ value: UInt64) throws { next().encode(integer: value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try next().encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { next() }
}
