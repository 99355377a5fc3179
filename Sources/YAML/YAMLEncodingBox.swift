/// A mutable node under construction by the encoder's containers (containers hand out nested boxes).
final class YAMLEncodingBox {
    enum Kind {
        case empty, scalar, node, sequence, mapping
    }

    private(set) var kind: Kind = .empty
    private var scalarText = ""
    private var scalarIsString = false
    private var rawNode: YAMLNode?
    private var items: [YAMLEncodingBox] = []
    /// A mapping's keys in encode order, and their boxes at the same positions.
    private var keys: [String] = []
    private var values: [YAMLEncodingBox] = []
    /// Positions by key, built once a mapping outgrows a linear search (most have a handful of keys).
    private var positions: [String: Int]?
    private static let linearSearchLimit = 16
    /// Set for `Dictionary` values: their iteration order is random, so keys are sorted on output.
    var sortsKeys = false
    /// Set for `Set` values: their iteration order is random, so elements are sorted on output.
    var sortsItems = false

    func setScalar(_ text: String, isString: Bool) {
        kind = .scalar
        scalarText = text
        scalarIsString = isString
    }

    func setNil() { setScalar("null", isString: false) }
    func setBool(_ value: Bool) { setScalar(value ? "true" : "false", isString: false) }
    func setString(_ value: String) { setScalar(value, isString: true) }
    func setFloat<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) {
        setScalar(Self.floatText(value), isString: false)
    }
    func setInteger<T: FixedWidthInteger>(_ value: T) { setScalar(String(value), isString: false) }

    func setNode(_ node: YAMLNode) {
        kind = .node
        rawNode = node
    }

    func makeMapping() {
        guard kind != .mapping else { return }
        kind = .mapping
        keys = []
        values = []
        positions = nil
    }

    func makeSequence() {
        guard kind != .sequence else { return }
        kind = .sequence
        items = []
    }

    /// The box for `key` (reused when the key is encoded again, so the last value wins and order is kept).
    func child(forKey key: String) -> YAMLEncodingBox {
        makeMapping()
        if let position = position(of: key) { return values[position] }
        let box = YAMLEncodingBox()
        keys.append(key)
        values.append(box)
        if positions != nil {
            positions?[key] = keys.count - 1
        } else if keys.count > Self.linearSearchLimit {
            positions = Dictionary(uniqueKeysWithValues: zip(keys, keys.indices))
        }
        return box
    }

    /// Where `key` is among the mapping's keys: by the index once there is one, else by a linear search.
    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    func appendChild() -> YAMLEncodingBox {
        makeSequence()
        let box = YAMLEncodingBox()
        items.append(box)
        return box
    }

    var count: Int { kind == .sequence ? items.count : keys.count }

    /// The finished node. An unused box (a value that encoded nothing) becomes an empty mapping.
    func node() -> YAMLNode {
        switch kind {
        case .empty:
            return YAMLNode(.mapping([]))
        case .node:
            return rawNode ?? YAMLNode(.mapping([]))
        case .scalar:
            return scalarIsString ? Self.stringNode(scalarText) : .scalar(scalarText)
        case .sequence:
            let nodes = items.map { $0.node() }
            return YAMLNode(.sequence(sortsItems ? Self.sorted(nodes) : nodes))
        case .mapping:
            var order = Array(keys.indices)
            if sortsKeys {
                let numeric = keys.compactMap { Int($0) }
                if numeric.count == keys.count {
                    // Ties ("1", "01", "+1") by their text: the input order is a Dictionary's, random per process.
                    order.sort { (numeric[$0], keys[$0]) < (numeric[$1], keys[$1]) }
                } else {
                    order.sort { keys[$0] < keys[$1] }
                }
            }
            let pairs = order.map { position in
                YAMLPair(key: Self.stringNode(keys[position], isKey: true), value: values[position].node())
            }
            return YAMLNode(.mapping(pairs))
        }
    }

    /// Elements in a stable order: numerically when all are integers, else by scalar text, else by structure.
    private static func sorted(_ nodes: [YAMLNode]) -> [YAMLNode] {
        let integers = nodes.compactMap { node in node.scalar.flatMap { Int($0.value) } }
        if integers.count == nodes.count {
            return zip(integers, nodes).sorted { $0.0 < $1.0 }.map(\.1)
        }
        return nodes.map { node in (node.scalar?.value ?? String(describing: node.content), node) }
            .sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// YAML 1.1 spellings that Kubernetes tools (go-yaml v2) still read as booleans: quoted for safety.
    private static let yaml11Booleans: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
    ]

    /// False for text that cannot be one of ``yaml11Booleans`` (at most 3 bytes, starting with y, n or o in either
    /// case): most keys and strings, without hashing them.
    private static func mayBeYAML11Boolean(_ text: String) -> Bool {
        var bytes = text.utf8.makeIterator()
        guard let first = bytes.next(), text.utf8.count <= 3 else { return false }
        switch first | 0x20 {  // ASCII lower case
        case UInt8(ascii: "y"), UInt8(ascii: "n"), UInt8(ascii: "o"): return true
        default: return false
        }
    }

    /// A string scalar styled so that it reads back as the same string: quoted when the core schema would
    /// resolve it to something else, literal when multi-line; libyaml quotes whatever plain style cannot hold.
    static func stringNode(_ text: String, isKey: Bool = false) -> YAMLNode {
        if CoreSchema.resolvePlain(text) != .string || mayBeYAML11Boolean(text) && yaml11Booleans.contains(text) {
            return .scalar(text, style: .singleQuoted)
        }
        if text.utf8.contains(UInt8(ascii: "\n")) {  // bytes: Foundation's contains(_:) went through NSString
            return .scalar(text, style: isKey ? .doubleQuoted : .literal)
        }
        return .scalar(text, style: .plain)
    }

    /// A float as a core-schema float: `.inf`, `-.inf`, `.nan`, or Swift's shortest round-tripping form.
    static func floatText<T: BinaryFloatingPoint & LosslessStringConvertible>(_ value: T) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        return value.description
    }
}
