/// A keyed container writing mapping entries in encode order (a re-encoded key keeps its first position).
struct YAMLKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: YAMLNodeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    private func child(_ key: any CodingKey) -> YAMLNodeEncoder {
        encoder.child(encoder.box.child(forKey: key.stringValue), key: key)
    }

    /// The entry's box, for scalars: they need no encoder of their own.
    private func entry(_ key: Key) -> YAMLEncodingBox { encoder.box.child(forKey: key.stringValue) }

    // `encodeIfPresent` keeps its default behaviour: a nil optional writes no entry at all.
    mutating func encodeNil(forKey key: Key) throws { entry(key).setNil() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { entry(key).setBool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { entry(key).setString(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { entry(key).setFloat(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { entry(key).setFloat(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { entry(key).setInteger(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try child(key).encode(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        child(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        child(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { child(YAMLCodingKey.superKey) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { child(key) }
}
