/// An unkeyed container appending sequence elements.
struct YAMLUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: YAMLNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { encoder.box.count }

    private func next() -> YAMLNodeEncoder {
        let index = encoder.box.count
        return encoder.child(encoder.box.appendChild(), key: YAMLCodingKey.index(index))
    }

    /// The next element's box, for scalars: they need no encoder of their own.
    private func element() -> YAMLEncodingBox { encoder.box.appendChild() }

    mutating func encodeNil() throws { element().setNil() }
    mutating func encode(_ value: Bool) throws { element().setBool(value) }
    mutating func encode(_ value: String) throws { element().setString(value) }
    mutating func encode(_ value: Double) throws { element().setFloat(value) }
    mutating func encode(_ value: Float) throws { element().setFloat(value) }
    mutating func encode(_ value: Int) throws { element().setInteger(value) }
    mutating func encode(_ value: Int8) throws { element().setInteger(value) }
    mutating func encode(_ value: Int16) throws { element().setInteger(value) }
    mutating func encode(_ value: Int32) throws { element().setInteger(value) }
    mutating func encode(_ value: Int64) throws { element().setInteger(value) }
    mutating func encode(_ value: UInt) throws { element().setInteger(value) }
    mutating func encode(_ value: UInt8) throws { element().setInteger(value) }
    mutating func encode(_ value: UInt16) throws { element().setInteger(value) }
    mutating func encode(_ value: UInt32) throws { element().setInteger(value) }
    mutating func encode(_ value: UInt64) throws { element().setInteger(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try next().encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        next().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { next().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { next() }
}
