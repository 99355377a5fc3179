import Kubernetes
import Routing

/// The shared ``Routing/JSONPatchBuilder``, with the VirtualService steps: a destination's weight, and the
/// ``VirtualServiceEdit`` whose object is computed by applying those very operations.
typealias PatchBuilder = JSONPatchBuilder

extension JSONPatchBuilder {
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
            object = try applied(to: virtualService.object)
        } catch {
            throw IstioError(
                .invalidObject, "the patch does not apply to the object it was made from", virtualService: virtualService.reference,
                cause: String(describing: error))
        }
        return VirtualServiceEdit(original: virtualService.object, object: object, operations: operations)
    }
}
