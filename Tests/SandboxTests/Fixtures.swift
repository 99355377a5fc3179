import Foundation
import Kubernetes
import Sandbox

/// Objects shared by the Sandbox tests.
enum Fixtures {
    /// A bookinfo `reviews` VirtualService splitting traffic between v1 and v2.
    static func virtualService(
        name: String = "reviews", namespace: String? = "bookinfo", version: String = "v1beta1", weights: (Int64, Int64) = (90, 10),
        labels: [String: JSONValue] = ["app": "reviews"]
    ) -> JSONValue {
        var metadata: [String: JSONValue] = ["name": .string(name), "labels": .object(labels)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        return [
            "apiVersion": .string("networking.istio.io/\(version)"), "kind": "VirtualService",
            "metadata": .object(metadata),
            "spec": [
                "hosts": ["reviews"],
                "http": [
                    [
                        "route": [
                            ["destination": ["host": "reviews", "subset": "v1"], "weight": .integer(weights.0)],
                            ["destination": ["host": "reviews", "subset": "v2"], "weight": .integer(weights.1)],
                        ]
                    ]
                ],
                "x-unknown-field": ["kept": true],
            ],
        ]
    }

    /// A Deployment with `replicas`.
    static func deployment(name: String = "reviews-v2", namespace: String = "bookinfo", replicas: Int64? = 2) -> JSONValue {
        var spec: [String: JSONValue] = [
            "selector": ["matchLabels": ["app": "reviews", "version": "v2"]],
            "template": [
                "metadata": ["labels": ["app": "reviews", "version": "v2"]],
                "spec": ["containers": [["name": "reviews", "image": "reviews:v2", "ports": [["containerPort": 9080]]]]],
            ],
        ]
        if let replicas { spec["replicas"] = .integer(replicas) }
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": ["app": "reviews"]],
            "spec": .object(spec),
        ]
    }

    /// A Namespace object.
    static func namespace(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
    }

    /// A store with the `bookinfo` namespace.
    static func bookinfoStore() async throws -> SandboxStore {
        let store = SandboxStore()
        _ = try await store.create(.namespace, namespace: nil, object: namespace("bookinfo"))
        return store
    }
}
