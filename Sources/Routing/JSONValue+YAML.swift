import Kubernetes
import YAML

extension JSONValue {
    /// The JSON value of a YAML node under the YAML 1.2 core schema (as Kubernetes reads manifests):
    /// integers stay integers, quoted scalars stay strings.
    public init(yaml node: YAMLNode) {
        switch node.content {
        case .sequence(let nodes):
            self = .array(nodes.map(JSONValue.init(yaml:)))
        case .mapping(let pairs):
            var members: [String: JSONValue] = [:]
            for pair in pairs { members[pair.key.scalar?.value ?? ""] = JSONValue(yaml: pair.value) }
            self = .object(members)
        case .scalar(let scalar):
            switch node.scalarKind {
            case .null: self = .null
            case .bool: self = .bool(["true", "True", "TRUE"].contains(scalar.value))
            case .int: self = Self.integer(scalar.value).map(JSONValue.integer) ?? .string(scalar.value)
            case .float: self = Double(scalar.value).map(JSONValue.number) ?? .string(scalar.value)
            default: self = .string(scalar.value)
            }
        }
    }

    private static func integer(_ text: String) -> Int64? {
        if text.hasPrefix("0x") { return Int64(text.dropFirst(2), radix: 16) }
        if text.hasPrefix("0o") { return Int64(text.dropFirst(2), radix: 8) }
        return Int64(text)
    }
}
