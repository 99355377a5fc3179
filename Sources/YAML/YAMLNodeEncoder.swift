import Foundation

/// The `Encoder` writing into one box; containers create child encoders for nested values.
final class YAMLNodeEncoder: Encoder {
    let box: YAMLEncodingBox
    /// The encoder one step up and the key of this one under it (nil at the root): the coding path is built
    /// only when asked for, not copied into every nested value's encoder.
    private let parent: YAMLNodeEncoder?
    private let key: (any CodingKey)?
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    /// The root encoder, writing into `box`.
    init(box: YAMLEncodingBox, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.box = box
        parent = nil
        key = nil
        sendableUserInfo = userInfo
    }

    private init(box: YAMLEncodingBox, parent: YAMLNodeEncoder, key: any CodingKey) {
        self.box = box
        self.parent = parent
        self.key = key
        sendableUserInfo = parent.sendableUserInfo
    }

    var codingPath: [any CodingKey] {
        var path: [any CodingKey] = []
        var encoder: YAMLNodeEncoder? = self
        while let current = encoder, let key = current.key {
            path.append(key)
            encoder = current.parent
        }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { sendableUserInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.makeMapping()
        return KeyedEncodingContainer(YAMLKeyedEncodingContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.makeSequence()
        return YAMLUnkeyedEncodingContainer(encoder: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        YAMLSingleValueEncodingContainer(encoder: self)
    }

    /// An encoder for a child box, one coding-path step below.
    func child(_ box: YAMLEncodingBox, key: any CodingKey) -> YAMLNodeEncoder {
        YAMLNodeEncoder(box: box, parent: self, key: key)
    }

    /// Encodes any value into this encoder's box; `YAMLNode`, `URL`, `Date`, `Decimal`,
    /// dictionaries and sets are special.
    func encode<T: Encodable>(_ value: T) throws {
        switch value {
        case let node as YAMLNode:
            box.setNode(node)
        case let url as URL:
            box.setScalar(url.absoluteString, isString: true)
        case let date as Date:
            box.setScalar(YAMLDateFormat.string(from: date), isString: true)
        case let decimal as Decimal:
            box.setScalar(decimal.description, isString: false)
        default:
            if value is any YAMLUnorderedMapping { box.sortsKeys = true }
            if value is any YAMLUnorderedSequence { box.sortsItems = true }
            try value.encode(to: self)
        }
    }

    func encodeNil() { box.setNil() }
    func encode(_ value: Bool) { box.setBool(value) }
    func encode(_ value: String) { box.setString(value) }
    func encode(_ value: Double) { box.setFloat(value) }
    func encode(_ value: Float) { box.setFloat(value) }
    func encode<T: FixedWidthInteger>(integer value: T) { box.setInteger(value) }
}
