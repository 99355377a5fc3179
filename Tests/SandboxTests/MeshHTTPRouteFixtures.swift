import Foundation
import Kubernetes
@testable import Sandbox

/// Objects for the HTTPRoute mesh tests: bookinfo `reviews` v1/v2 in namespace `default`, a parent Service `reviews`
/// selecting both and a Service per version (`reviews-v1`, `reviews-v2`), the backends of the HTTPRoute `reviews`.
enum MeshHTTPRouteFixtures {
    /// A Service `name` selecting `selector`.
    static func service(_ name: String, selector: JSONValue) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "namespace": "default"],
            "spec": ["selector": selector, "ports": [["port": 9080]]],
        ]
    }

    /// The parentRef of the Service `reviews` (GAMMA).
    static let serviceParent: JSONValue = ["group": "", "kind": "Service", "name": "reviews", "port": 9080]

    /// A backendRef to Service `name` (weight omitted when nil).
    static func backend(_ name: String, weight: Int64? = nil) -> JSONValue {
        var entry: [String: JSONValue] = ["name": .string(name), "port": 9080]
        if let weight { entry["weight"] = .integer(weight) }
        return .object(entry)
    }

    /// A rule splitting between `reviews-v1` and `reviews-v2` by weight.
    static func split(_ v1: Int64?, _ v2: Int64?, matches: [JSONValue]? = nil) -> JSONValue {
        var rule: [String: JSONValue] = ["backendRefs": [backend("reviews-v1", weight: v1), backend("reviews-v2", weight: v2)]]
        if let matches { rule["matches"] = .array(matches) }
        return .object(rule)
    }

    /// A rule sending requests whose `end-user` header satisfies `condition` to `reviews-v2`.
    static func headerRule(_ condition: JSONValue) -> JSONValue {
        var header = condition.objectValue ?? [:]
        header["name"] = "end-user"
        return ["matches": [["headers": [.object(header)]]], "backendRefs": [backend("reviews-v2")]]
    }

    /// An HTTPRoute `name` attached to `parents` with `rules`.
    static func httpRoute(_ name: String = "reviews", parents: [JSONValue] = [serviceParent], rules: [JSONValue]) -> JSONValue {
        [
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": ["name": .string(name), "namespace": "default"],
            "spec": ["parentRefs": .array(parents), "rules": .array(rules)],
        ]
    }

    /// A store with the three Services, both Deployments and, when given, an HTTPRoute `reviews` with `rules`.
    static func store(rules: [JSONValue]?) async throws -> SandboxStore {
        let store = SandboxStore()
        _ = try await store.create(.service, namespace: "default", object: service("reviews", selector: ["app": "reviews"]))
        for version in ["v1", "v2"] {
            let selector: JSONValue = ["app": "reviews", "version": .string(version)]
            _ = try await store.create(.service, namespace: "default", object: service("reviews-\(version)", selector: selector))
            _ = try await store.create(.deployment, namespace: "default", object: MeshFixtures.deployment(version))
        }
        if let rules {
            _ = try await store.create(.httpRoute(), namespace: "default", object: httpRoute(rules: rules))
        }
        return store
    }
}
