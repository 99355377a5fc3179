/// A keyed container over a mapping node. Every key the model looks at is recorded for unknown-field checks.
struct YAMLKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    private let decoder: YAMLNodeDecoder
    private let pairs: [YAMLPair]
    private let indexByKey: [String: Int]

    init(decoder: YAMLNodeDecoder) throws {
        guard let pairs = decoder.node.mapping else { throw decoder.mismatch("a mapping") }
        var indexByKey: [String: Int] = [:]
        for (index, pair) in pairs.enumerated() {
            guard let key = pair.key.scalar?.value else {
                throw YAMLError(
                    code: .typeMismatch,
                    message: "mapping keys must be scalars, found \(YAMLNodeDecoder.describe(pair.key))",
                    file: decoder.context.file, mark: pair.key.mark, path: decoder.path.description)
            }
            indexByKey[key] = index
        }
        self.decoder = decoder
        self.pairs = pairs
        self.indexByKey = indexByKey
        decoder.context.openMapping(at: decoder.path)
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        pairs.compactMap { pair in pair.key.scalar.flatMap { Key(stringValue: $0.value) } }
    }

    func contains(_ key: Key) -> Bool {
        decoder.context.access(key.stringValue, inMappingAt: decoder.path)
        return indexByKey[key.stringValue] != nil
    }

    /// The decoder for `key`'s value, or a `missingField` error at this mapping.
    private func child(_ key: Key) throws -> YAMLNodeDecoder {
        decoder.context.access(key.stringValue, inMappingAt: decoder.path)
        guard let index = indexByKey[key.stringValue] else { throw missing(key) }
        return decoder.child(pairs[index].value, .key(key.stringValue), key: key)
    }

    private func missing(_ key: Key) -> YAMLError {
        var message = "missing required field"
        if let near = nearMiss(for: key.stringValue) {
            message += " (found unknown field \"\(near.value)\" at \(near.mark))"
        }
        return YAMLError(
            code: .missingField, message: message, file: decoder.context.file, mark: decoder.node.mark,
            path: decoder.path.appending(.key(key.stringValue)).description)
    }

    /// An unread key within two edits of `wanted`: the likely typo behind a missing field.
    private func nearMiss(for wanted: String) -> (value: String, mark: YAMLMark)? {
        guard wanted.count >= 3 else { return nil }
        for pair in pairs {
            guard let key = pair.key.scalar?.value, !decoder.context.wasAccessed(key, inMappingAt: decoder.path)
            else { continue }
            if EditDistance.isWithin(2, key, wanted) { return (key, pair.key.mark) }
        }
        return nil
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decodeFloat(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try child(key).decodeFloat(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decodeInteger(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try child(key).decodeInteger(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try child(key).decodeInteger(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try child(key).decodeInteger(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try child(key).decodeInteger(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try child(key).decodeInteger(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try child(key).decodeInteger(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard contains(key) else { return nil }
        let value = try child(key)
        return value.decodeNil() ? nil : try value.decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(named: YAMLCodingKey.superKey.stringValue, key: YAMLCodingKey.superKey)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try superDecoder(named: key.stringValue, key: key)
    }

    /// The decoder for a key's value, or a decoder over null (at this mapping's mark) when the key is absent.
    private func superDecoder(named name: String, key: any CodingKey) throws -> any Decoder {
        decoder.context.access(name, inMappingAt: decoder.path)
        let node: YAMLNode
        if let index = indexByKey[name] {
            node = pairs[index].value
        } else {
            node = YAMLNode(.scalar(YAMLScalar(value: "")), mark: decoder.node.mark)
        }
        return decoder.child(node, .key(name), key: key)
    }
}
