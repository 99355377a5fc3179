import Foundation
import Kubernetes
@testable import Sandbox

/// Objects and a store for the simulated-mesh tests: bookinfo `reviews` v1/v2 in namespace `default`.
enum MeshFixtures {
    /// Runs `body` with a metrics server over `mesh` (stamping its samples when asked), stopping it afterwards.
    static func serving(
        _ mesh: SimulatedMesh, stampSamples: Bool = false, _ body: (MeshMetricsServer) async throws -> Void
    ) async throws {
        let server = try await MeshMetricsServer.start(mesh: mesh, stampSamples: stampSamples)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func deployment(
        _ version: String, namespace: String = "default", annotations: [String: String] = [:]
    ) -> JSONValue {
        let labels: JSONValue = ["app": "reviews", "version": .string(version)]
        return [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": [
                "name": .string("reviews-\(version)"), "namespace": .string(namespace),
                "annotations": .object(annotations.mapValues(JSONValue.string)),
            ],
            "spec": [
                "replicas": 1, "selector": ["matchLabels": labels],
                "template": [
                    "metadata": ["labels": labels],
                    "spec": ["containers": [["name": "reviews", "image": .string("reviews:\(version)")]]],
                ],
            ],
        ]
    }

    static func service(namespace: String = "default") -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service",
            "metadata": ["name": "reviews", "namespace": .string(namespace)],
            "spec": ["selector": ["app": "reviews"], "ports": [["port": 9080]]],
        ]
    }

    static func destinationRule(namespace: String = "default") -> JSONValue {
        [
            "apiVersion": "networking.istio.io/v1beta1", "kind": "DestinationRule",
            "metadata": ["name": "reviews", "namespace": .string(namespace)],
            "spec": [
                "host": "reviews",
                "subsets": [["name": "v1", "labels": ["version": "v1"]], ["name": "v2", "labels": ["version": "v2"]]],
            ],
        ]
    }

    /// A VirtualService for host `reviews` with `http` routes.
    static func virtualService(http: [JSONValue], namespace: String = "default") -> JSONValue {
        [
            "apiVersion": "networking.istio.io/v1beta1", "kind": "VirtualService",
            "metadata": ["name": "reviews", "namespace": .string(namespace)],
            "spec": ["hosts": ["reviews"], "http": .array(http)],
        ]
    }

    /// One route splitting v1/v2 by weight.
    static func split(_ v1: Int64, _ v2: Int64) -> JSONValue {
        [
            "route": [
                ["destination": ["host": "reviews", "subset": "v1"], "weight": .integer(v1)],
                ["destination": ["host": "reviews", "subset": "v2"], "weight": .integer(v2)],
            ]
        ]
    }

    /// A route to v2 for requests whose `end-user` header satisfies `condition`.
    static func headerRoute(_ condition: JSONValue) -> JSONValue {
        [
            "match": [["headers": ["end-user": condition]]],
            "route": [["destination": ["host": "reviews", "subset": "v2"]]],
        ]
    }

    /// A store with the Service, DestinationRule, both Deployments and a VirtualService with `http`.
    static func store(
        http: [JSONValue], v1Annotations: [String: String] = [:], v2Annotations: [String: String] = [:]
    ) async throws -> SandboxStore {
        let store = SandboxStore()
        _ = try await store.create(.service, namespace: "default", object: service())
        _ = try await store.create(.destinationRule(), namespace: "default", object: destinationRule())
        _ = try await store.create(.deployment, namespace: "default", object: deployment("v1", annotations: v1Annotations))
        _ = try await store.create(.deployment, namespace: "default", object: deployment("v2", annotations: v2Annotations))
        _ = try await store.create(.virtualService(), namespace: "default", object: virtualService(http: http))
        return store
    }
}
