import Kubernetes

/// Collects JSON patch operations and turns them into a ``VirtualServiceEdit`` whose object is computed by
/// applying those very operations (with the Kubernetes module's RFC 6902 implementation).
struct PatchBuilder {
    private(set) var operations: [JSONPatchOperation] = []

    mutating func test(_ pointer: ValuePath, _ value: JSONValue) { append("test", pointer, value) }
    mutating func replace(_ pointer: ValuePath, _ value: JSONValue) { append("replace", pointer, value) }
    mutating func add(_ pointer: ValuePath, _ value: JSONValue) { append("add", pointer, value) }
    mutating func remove(_ pointer: ValuePath) { append("remove", pointer, nil) }

    private mutating func append(_ op: String, _ pointer: ValuePath, _ value: JSONValue?) {
        operations.append(JSONPatchOperation(op: op, path: pointer.description, value: value))
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
        let object: JSONValue
        do {
            object = try JSONPatch.apply(operations, to: virtualService.object)
        } catch {
            throw IstioError(
                .invalidObject, "the patch does not apply to the object it was made from", virtualService: virtualService.reference,
                cause: String(describing: error))
        }
        return VirtualServiceEdit(original: virtualService.object, object: object, operations: operations)
    }
}
