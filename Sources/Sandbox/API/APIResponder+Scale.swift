import Foundation
import Hummingbird
import Kubernetes

extension APIResponder {
    /// `GET`, `PUT` and `PATCH` of a Deployment's `scale` subresource.
    func scale(_ request: Request, namespace: String, name: String) async throws -> (Int, JSONValue) {
        let current = try await store.scale(namespace: namespace, name: name)
        let desired: JSONValue
        switch request.method {
        case .get: return (200, current)
        case .put: desired = try await objectBody(request)
        case .patch:
            switch Self.mediaType(request) {
            case "application/merge-patch+json": desired = JSONMergePatch.apply(try await jsonBody(request), to: current)
            case "application/strategic-merge-patch+json":
                desired = StrategicMergePatch.apply(try await jsonBody(request), to: current)
            case "application/json-patch+json":
                let operations = try await jsonPatchOperations(request)
                do {
                    desired = try JSONPatch.apply(operations, to: current)
                } catch {
                    throw APIStatus.patchNotApplicable
                }
            default: throw APIStatus.unsupportedPatchType
            }
        default: throw APIStatus.methodNotSupported(nil, action: request.method.rawValue)
        }
        guard let replicas = desired["spec"]?["replicas"]?.integerValue else {
            throw APIStatus.badRequest("the Scale has no integer spec.replicas")
        }
        let version = desired["metadata"]?["resourceVersion"]?.stringValue
        return (200, try await store.setScale(namespace: namespace, name: name, replicas: replicas, resourceVersion: version))
    }
}
