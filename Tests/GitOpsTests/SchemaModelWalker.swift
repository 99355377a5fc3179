import Experiments
import Foundation
import YAML

/// Walks a Swift document type and its JSON Schema side by side: at every object level the stored property
/// names (read with `Mirror` from a value decoded from `{}`, so they are the synthesized CodingKeys) must be
/// exactly the schema's `properties`, the object must be closed (`additionalProperties: false`, as
/// `iter8 validate` rejects unknown fields), every property must have a `description`, and every scalar's
/// JSON type must fit its Swift type.
struct SchemaModelWalker {
    /// The schema document (for `$ref`s).
    let root: [String: Any]
    /// Every mismatch found, with its path.
    private(set) var problems: [String] = []
    /// How many object levels were compared.
    private(set) var objectCount = 0
    /// How many properties were compared.
    private(set) var propertyCount = 0

    init(root: [String: Any]) { self.root = root }

    /// Compares `type` with the schema's root object.
    mutating func compareRoot(_ type: any Decodable.Type) {
        object(type, schema: root, path: "")
    }

    /// The schema a `$ref` chain leads to.
    func resolve(_ schema: [String: Any]) -> [String: Any] {
        var current = schema
        var hops = 0
        while let reference = current["$ref"] as? String, hops < 16 {
            var node: Any = root
            for component in reference.split(separator: "/").dropFirst() {
                let key = component.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                node = (node as? [String: Any])?[key] ?? [:]
            }
            current = node as? [String: Any] ?? [:]
            hops += 1
        }
        return current
    }

    /// A value of `type` decoded from an empty mapping; nil for a type that is not a keyed struct of optionals.
    static func empty(_ type: any Decodable.Type) -> Any? {
        func decode<T: Decodable>(_ type: T.Type) -> Any? {
            try? YAMLDecoder().decode(T.self, from: YAMLNode(.mapping([])))
        }
        guard let value = decode(type), Mirror(reflecting: value).displayStyle == .struct else { return nil }
        return value
    }

    private mutating func object(_ type: any Decodable.Type, schema: [String: Any], path: String) {
        let here = path.isEmpty ? "(root)" : path
        guard let value = Self.empty(type) else {
            problems.append("\(here): \(type) does not decode from an empty mapping")
            return
        }
        objectCount += 1
        let resolved = resolve(schema)
        let properties = resolved["properties"] as? [String: Any] ?? [:]
        let children = Mirror(reflecting: value).children.compactMap { child in child.label.map { ($0, child.value) } }
        let swiftNames = Set(children.map(\.0))
        for name in swiftNames.subtracting(properties.keys).sorted() {
            problems.append("\(here): \(type) has field \(name), the schema does not")
        }
        for name in Set(properties.keys).subtracting(swiftNames).sorted() {
            problems.append("\(here): the schema has property \(name), \(type) does not")
        }
        if resolved["additionalProperties"] as? Bool != false {
            problems.append("\(here): the schema allows unknown fields; iter8 validate rejects them")
        }
        for (name, child) in children {
            guard let property = properties[name] as? [String: Any] else { continue }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            propertyCount += 1
            if property["description"] == nil && resolve(property)["description"] == nil {
                problems.append("\(childPath): no description")
            }
            field(Swift.type(of: child), schema: property, path: childPath)
        }
    }

    private mutating func field(_ type: Any.Type, schema: [String: Any], path: String) {
        let resolved = resolve(schema)
        if let optional = type as? any ModelOptional.Type {
            return field(optional.wrappedType, schema: schema, path: path)
        }
        if let array = type as? any ModelArray.Type {
            guard let items = resolved["items"] as? [String: Any], Self.types(resolved).contains("array") else {
                return problems.append("\(path): \(type) is a sequence; the schema has no array with items")
            }
            return field(array.elementType, schema: items, path: "\(path)[]")
        }
        if let dictionary = type as? any ModelDictionary.Type {
            guard let values = resolved["additionalProperties"] as? [String: Any], Self.types(resolved).contains("object") else {
                return problems.append("\(path): \(type) is a map; the schema has no object with additionalProperties")
            }
            return field(dictionary.valueType, schema: values, path: "\(path).*")
        }
        if let decodable = type as? any Decodable.Type, Self.empty(decodable) != nil {
            return object(decodable, schema: schema, path: path)
        }
        let expected: Set<String>
        switch type {
        case is Int.Type, is UInt64.Type: expected = ["integer"]
        case is Double.Type: expected = ["number"]
        case is Bool.Type: expected = ["boolean"]
        case is String.Type: expected = ["string"]
        case is Quantity.Type: expected = ["number", "string"]
        case is TaskValue.Type: expected = ["string", "array", "object"]
        default: return problems.append("\(path): no JSON type known for \(type)")
        }
        let types = allowedTypes(resolved)
        if !expected.isSubset(of: types) {
            problems.append("\(path): \(type) needs JSON type \(expected.sorted()), the schema allows \(types.sorted())")
        }
    }

    /// The JSON types a schema allows: `type`, the type of a `const`, or the union over `anyOf` branches.
    func allowedTypes(_ schema: [String: Any]) -> Set<String> { Self.types(schema, resolve: resolve) }

    private static func types(_ schema: [String: Any]) -> Set<String> {
        if let type = schema["type"] as? String { return [type] }
        if let types = schema["type"] as? [String] { return Set(types) }
        if schema["const"] is String { return ["string"] }
        return []
    }

    private static func types(_ schema: [String: Any], resolve: ([String: Any]) -> [String: Any]) -> Set<String> {
        var found = types(schema)
        for branch in schema["anyOf"] as? [[String: Any]] ?? [] { found.formUnion(types(resolve(branch))) }
        return found
    }
}

/// `Optional`'s wrapped type, for walking a model's metatypes.
protocol ModelOptional { static var wrappedType: Any.Type { get } }
extension Optional: ModelOptional { static var wrappedType: Any.Type { Wrapped.self } }

/// `Array`'s element type.
protocol ModelArray { static var elementType: Any.Type { get } }
extension Array: ModelArray { static var elementType: Any.Type { Element.self } }

/// `Dictionary`'s value type.
protocol ModelDictionary { static var valueType: Any.Type { get } }
extension Dictionary: ModelDictionary { static var valueType: Any.Type { Value.self } }
