import Kubernetes
import Routing

extension JSONPatchBuilder {
    /// Sets the weight of backendRef `index` of `rule` to `weight`, testing the old one (or, when the key is
    /// missing, the backendRef's name, before adding it).
    mutating func setWeight(_ weight: Int, rule: RouteRule, backendRef index: Int) {
        let pointer = rule.pointer.appending("backendRefs").appending(.index(index))
        let backendRef = rule.backendRefs[index]
        if let old = backendRef.object["weight"] {
            guard old.integerValue != Int64(weight) else { return }
            test(pointer.appending("weight"), old)
            replace(pointer.appending("weight"), .integer(Int64(weight)))
        } else {
            if let name = backendRef.object["name"] { test(pointer.appending("name"), name) }
            add(pointer.appending("weight"), .integer(Int64(weight)))
        }
    }

    /// The edit these operations make of `route`.
    func edit(of route: HTTPRoute) throws -> HTTPRouteEdit {
        do {
            return HTTPRouteEdit(original: route.object, object: try applied(to: route.object), operations: operations)
        } catch {
            throw GatewayAPIError(
                .invalidObject, "the patch does not apply to the object it was made from", httpRoute: route.reference,
                cause: String(describing: error))
        }
    }
}
