import Kubernetes

/// Applies RFC 6902 `test`, `add`, `replace` and `remove` operations to a value, so an edit's patched object is
/// computed from the very operations sent to the server.
enum JSONPatchApplier {
    static func apply(_ operations: [JSONPatchOperation], to value: JSONValue, pointers: [ValuePath]) throws -> JSONValue {
        var result = value
        for (operation, pointer) in zip(operations, pointers) {
            switch operation.op {
            case "test":
                guard result.value(at: pointer) == operation.value else {
                    throw IstioError(.invalidObject, "test failed at \(pointer): the object changed")
                }
            case "add", "replace":
                if operation.op == "replace" && result.value(at: pointer) == nil {
                    throw IstioError(.invalidObject, "replace of missing \(pointer)")
                }
                guard result.set(operation.value ?? .null, at: pointer) else {
                    throw IstioError(.invalidObject, "no parent for \(pointer)")
                }
            case "remove":
                guard result.remove(at: pointer) else { throw IstioError(.invalidObject, "remove of missing \(pointer)") }
            default:
                throw IstioError(.invalidObject, "unsupported patch operation \(operation.op)")
            }
        }
        return result
    }
}

/// JSON patch operations with their pointers kept typed, turned into a ``VirtualServiceEdit``.
struct PatchBuilder {
    private(set) var operations: [JSONPatchOperation] = []
    private(set) var pointers: [ValuePath] = []

    mutating func test(_ pointer: ValuePath, _ value: JSONValue) { append("test", pointer, value) }
    mutating func replace(_ pointer: ValuePath, _ value: JSONValue) { append("replace", pointer, value) }
    mutating func add(_ pointer: ValuePath, _ value: JSONValue) { append("add", pointer, value) }
    mutating func remove(_ pointer: ValuePath) { append("remove", pointer, nil) }

    private mutating func append(_ op: String, _ pointer: ValuePath, _ value: JSONValue?) {
        operations.append(JSONPatchOperation(op: op, path: pointer.description, value: value))
        pointers.append(pointer)
    }

    /// Sets the weight of destination `index` of the route at `route` to `weight`, testing the old one.
    mutating func setWeight(_ weight: Int, route: HTTPRoute, destination index: Int) {
        let destination = route.destinations[index]
        let pointer = route.pointer.appending("route").appending(.index(index)).appending("weight")
        if let old = destination.object["weight"] {
            guard old.integerValue != Int64(weight) else { return }
            test(pointer, old)
            replace(pointer, .integer(Int64(weight)))
        } else {
            if let target = destination.object["destination"] {
                test(route.pointer.appending("route").appending(.index(index)).appending("destination"), target)
            }
            add(pointer, .integer(Int64(weight)))
        }
    }

    func edit(of virtualService: VirtualService) throws -> VirtualServiceEdit {
        let object = try JSONPatchApplier.apply(operations, to: virtualService.object, pointers: pointers)
        return VirtualServiceEdit(original: virtualService.object, object: object, operations: operations)
    }
}
