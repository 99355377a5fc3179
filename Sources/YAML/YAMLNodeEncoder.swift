import Foundation

/// The `Encoder` writing into one box; containers create child encoders for nested values.
final class YAMLNodeEncoder: Encoder {
    let box: YAMLEncodingBox
    let codingPath: [any CodingKey]
    let sendableUserInfo: [CodingUserInfoKey: any Sendable]

    init(box: YAMLEncodingBox, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.box = box
        self.codingPath = codingPath
        self.sendableUserInfo = userInfo
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
        YAMLNodeEncoder(box: box, codingPath: codingPath + [key], userInfo: sendableUserInfo)
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

    func encodeNil() { box.setScalar("null", isString: false) }
    func encode(_ value: Bool) { box.setScalar(value ? "true" : "false", isString: false) }
    func encode(_ value: String) { box.setScalar(value, isString: true) }
    func encode(_ value: Double) { box.setScalar(YAMLEncodingBox.floatText(value), isString: false) }
    func encode(_ value: Float) { box.setScalar(YAMLEncodingBox.floatText(value), isString: false) }
    func encode<T: FixedWidthInteger>(integer value: T) { box.setScalar("\(value)", isString: false) }
}
