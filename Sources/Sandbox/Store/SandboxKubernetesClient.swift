import Kubernetes

/// The Sandbox store as a ``KubernetesClient``, in process: the same semantics as over HTTPS, with
/// ``APIStatus`` failures turned into ``KubeError``.
public struct SandboxKubernetesClient: KubernetesClient {
    /// The store.
    public let store: SandboxStore

    /// Creates a client over `store`.
    public init(store: SandboxStore) { self.store = store }

    public func servedVersions(ofGroup group: String) async throws -> [String] {
        guard let served = ServedResource.all.first(where: { $0.group == group }) else {
            throw KubeError(code: .notFound, httpStatus: 404, reason: "NotFound", message: "group \(group) is not served")
        }
        return served.versions
    }

    public func get(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        try await mapped { try await store.get(type, namespace: namespace, name: name) }
    }

    public func list(_ type: ResourceType, namespace: String?, labelSelector: String?) async throws -> [JSONValue] {
        try await mapped {
            let selector = try labelSelector.map { try APIResponder.selector($0) }
            return try await store.list(type, namespace: namespace, selector: selector).items
        }
    }

    public func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        try await mapped { try await store.create(type, namespace: namespace, object: object) }
    }

    public func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        try await mapped { try await store.update(type, namespace: namespace, object: object) }
    }

    public func patch(_ type: ResourceType, namespace: String?, name: String, patch: KubePatch) async throws
        -> JSONValue
    {
        try await mapped { try await store.patch(type, namespace: namespace, name: name, patch: SandboxPatch(patch)) }
    }

    public func delete(_ type: ResourceType, namespace: String?, name: String) async throws {
        _ = try await mapped { try await store.delete(type, namespace: namespace, name: name) }
    }

    private func mapped<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let status as APIStatus {
            throw status.kubeError
        }
    }
}
