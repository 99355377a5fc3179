import Foundation

/// The `Decoder` over one node. Containers create child decoders for the nodes they hand out.
final class YAMLNodeDecoder: Decoder {
    let node: YAMLNode
    let path: YAMLPath
    let codingPath: [any CodingKey]
    let context: YAMLDecodingContext

    init(node: YAMLNode, path: YAMLPath, codingPath: [any CodingKey], context: YAMLDecodingContext) {
        self.node = node
        self.path = path
        self.codingPath = codingPath
        self.context = context
    }

    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    /// Where this node is, for errors and for `YAMLLocated`.
    var location: YAMLLocation { YAMLLocation(file: context.file, mark: node.mark, path: path) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try YAMLKeyedDecodingContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try YAMLUnkeyedDecodingContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        YAMLSingleValueDecodingContainer(decoder: self)
    }

    /// A decoder for `node`, one step below this one.
    func child(_ node: YAMLNode, _ component: YAMLPath.Component, key: any CodingKey) -> YAMLNodeDecoder {
        YAMLNodeDecoder(node: node, path: path.appending(component), codingPath: codingPath + [key], context: context)
    }

    // MARK: Errors

    /// An error at this node.
    func error(_ code: YAMLError.Code, _ message: String) -> YAMLError {
        location.error(code, message)
    }

    /// `expected <what>, found <this node>`.
    func mismatch(_ expected: String) -> YAMLError {
        error(.typeMismatch, "expected \(expected), found \(Self.describe(node))")
    }

    /// A short description of a node for messages: `"ten"`, `null`, `a mapping`, `the quoted string "10"`.
    static func describe(_ node: YAMLNode) -> String {
        switch node.content {
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        case .scalar(let scalar):
            if node.isNull && scalar.style == .plain { return scalar.value.isEmpty ? "null (empty value)" : "null" }
            var text = scalar.value
            if text.count > 60 { text = String(text.prefix(57)) + "..." }
            let quoted = text.debugDescription
            if scalar.style != .plain && CoreSchema.resolvePlain(scalar.value) != .string {
                return "the quoted string \(quoted)"
            }
            return quoted
        }
    }

    // MARK: Values

    func decodeNil() -> Bool { node.isNull }

    func decodeString() throws -> String {
        guard let scalar = node.scalar, node.scalarKind != .null else { throw mismatch("a string") }
        // A plain int, float or bool decodes as its source text: `10m`, `0.01` and `v1` are strings to a model.
        return scalar.value
    }

    func decodeBool() throws -> Bool {
        guard let scalar = node.scalar, node.scalarKind == .bool, let value = CoreSchema.bool(scalar.value) else {
            throw mismatch("a boolean")
        }
        return value
    }

    func decodeInteger<T: FixedWidthInteger & Sendable>(_ type: T.Type) throws -> T {
        guard let scalar = node.scalar, node.scalarKind == .int else { throw mismatch("an integer") }
        switch CoreSchema.integer(scalar.value, as: T.self) {
        case .value(let value): return value
        case .outOfRange: throw error(.outOfRange, "\(scalar.value) is out of range for \(T.self)")
        case .notAnInteger: throw mismatch("an integer")
        }
    }

    func decodeFloat<T: BinaryFloatingPoint>(_ type: T.Type) throws -> T {
        guard let scalar = node.scalar, let kind = node.scalarKind, kind == .int || kind == .float,
            let double = CoreSchema.double(scalar.value)
        else { throw mismatch("a number") }
        let value = T(double)
        if value.isInfinite && double.isFinite {
            throw error(.outOfRange, "\(scalar.value) is out of range for \(T.self)")
        }
        return value
    }

    /// Decodes any `Decodable` from this node; `YAMLNode`, `URL`, `Date` and `Decimal` are handled here.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == YAMLNode.self, let node = node as? T { return node }
        if T.self == URL.self {
            let text = try decodeString()
            guard let url = URL(string: text) as? T else {
                throw error(.invalidValue, "invalid URL \(text.debugDescription)")
            }
            return url
        }
        if T.self == Date.self {
            let text = try decodeString()
            guard let date = YAMLDateFormat.date(from: text) as? T else {
                throw error(.invalidValue, "expected an RFC 3339 timestamp, found \(text.debugDescription)")
            }
            return date
        }
        if T.self == Decimal.self {
            guard let scalar = node.scalar, let kind = node.scalarKind, kind == .int || kind == .float,
                let decimal = Decimal(string: scalar.value, locale: Locale(identifier: "en_US_POSIX")) as? T
            else { throw mismatch("a decimal number") }
            return decimal
        }
        do {
            return try T(from: self)
        } catch let error as YAMLError {
            throw error
        } catch let error as DecodingError {
            throw error
        } catch {
            // A model's own error type: locate it at the node the model was decoding.
            throw self.error(.invalidValue, "\(error)")
        }
    }
}
