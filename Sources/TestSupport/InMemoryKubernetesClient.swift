import Foundation
import Kubernetes

/// A ``KubernetesClient`` kept in memory, for fast tests: the API server's `resourceVersion`, 404 and 409 rules,
/// merge and JSON patch, label selectors, failure injection and a record of every call.
///
/// Objects are stored per group and resource, whatever the version asked for (as the API server converts
/// between served versions), and come back with the `apiVersion` of the type used to read them. Each write bumps
/// one global `resourceVersion` counter; a change of `spec` bumps `metadata.generation`. An update or patch that
/// carries a `resourceVersion` must carry the current one (409 otherwise); one without is applied unconditionally.
/// `status` is written like any other field (no status subresource). A nil namespace means ``defaultNamespace``
/// (for list: all namespaces), as with ``RESTKubernetesClient``. As kube-apiserver's field manager does, a write whose
/// `metadata.managedFields` are absent or empty keeps the stored ones (field ownership itself is not modelled).
public actor InMemoryKubernetesClient: KubernetesClient {
    /// The namespace used when a call passes none.
    public let defaultNamespace: String
    /// Group → versions served, preferred first (the core group is `""`).
    public var servedVersions: [String: [String]]
    /// Every call, in order, including calls that failed (an injected failure or a 404/409).
    public private(set) var actions: [InMemoryKubernetesAction] = []

    private struct Key: Hashable, Comparable {
        var group: String
        var resource: String
        var namespace: String
        var name: String
        static func < (a: Key, b: Key) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
    }
    private var objects: [Key: JSONValue] = [:]
    private var resourceVersion = 1000
    private var failures: [(verb: InMemoryKubernetesAction.Verb?, error: KubeError)] = []

    /// The versions the Sandbox serves too: Istio's three, `apps/v1`, core `v1`, `coordination.k8s.io/v1`.
    public static let defaultServedVersions: [String: [String]] = [
        "networking.istio.io": ["v1", "v1beta1", "v1alpha3"], "apps": ["v1"], "": ["v1"], "coordination.k8s.io": ["v1"],
    ]

    /// Creates an empty store.
    public init(servedVersions: [String: [String]] = defaultServedVersions, defaultNamespace: String = "default") {
        self.servedVersions = servedVersions
        self.defaultNamespace = defaultNamespace
    }

    // MARK: - Test controls

    /// Makes the next call (or the next call of `verb`) throw `error` instead of running; calls queue up in order.
    public func failNext(_ error: KubeError, on verb: InMemoryKubernetesAction.Verb? = nil) {
        failures.append((verb, error))
    }

    /// Stores `object` as if it had been created, without recording an action; returns it as stored.
    @discardableResult
    public func seed(_ type: ResourceType, _ object: JSONValue) throws -> JSONValue {
        let namespace = type.namespaced ? (object["metadata"]?["namespace"]?.stringValue ?? defaultNamespace) : nil
        return try store(type, namespace: namespace, object: object, request: "seed", previous: nil)
    }

    /// The stored object, without recording an action.
    public func object(_ type: ResourceType, namespace: String?, name: String) -> JSONValue? {
        objects[key(type, namespace, name)].map { shaped($0, as: type) }
    }

    /// The recorded creates, updates, patches and deletes.
    public var writes: [InMemoryKubernetesAction] { actions.filter(\.verb.isWrite) }

    /// Forgets the recorded actions.
    public func clearActions() { actions.removeAll() }

    /// Changes what discovery reports for `group`.
    public func setServedVersions(_ versions: [String], ofGroup group: String) { servedVersions[group] = versions }

    // MARK: - KubernetesClient

    public func servedVersions(ofGroup group: String) async throws -> [String] {
        try begin(.discovery, ResourceType(group: group, version: "", resource: "", kind: ""), nil, nil)
        return servedVersions[group] ?? []
    }

    public func get(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        let namespace = resolved(type, namespace)
        let request = "GET \(type.path(namespace: namespace, name: name))"
        try begin(.get, type, namespace, name)
        guard let object = objects[key(type, namespace, name)] else { throw KubeError.notFound(type, name: name, request: request) }
        return shaped(object, as: type)
    }

    public func list(_ type: ResourceType, namespace: String?, labelSelector: String?) async throws -> [JSONValue] {
        let namespace = type.namespaced ? namespace : nil
        try begin(.list, type, namespace, nil, labelSelector: labelSelector)
        let selector = try LabelSelector(labelSelector ?? "")
        return objects.filter { key, object in
            key.group == type.group && key.resource == type.resource && (namespace == nil || key.namespace == namespace)
                && selector.matches(object: object)
        }.sorted { $0.key < $1.key }.map { shaped($0.value, as: type) }
    }

    public func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        let namespace = resolved(type, namespace ?? object["metadata"]?["namespace"]?.stringValue)
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        try begin(.create, type, namespace, name, object: object)
        let request = "POST \(type.path(namespace: namespace))"
        if objects[key(type, namespace, name)] != nil { throw KubeError.alreadyExists(type, name: name, request: request) }
        return try store(type, namespace: namespace, object: object, request: request, previous: nil)
    }

    public func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        let namespace = resolved(type, namespace ?? object["metadata"]?["namespace"]?.stringValue)
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        try begin(.update, type, namespace, name, object: object)
        let request = "PUT \(type.path(namespace: namespace, name: name))"
        guard let previous = objects[key(type, namespace, name)] else {
            throw KubeError.notFound(type, name: name, request: request)
        }
        try checkResourceVersion(object, previous, type, name, request)
        return try store(type, namespace: namespace, object: object, request: request, previous: previous)
    }

    public func patch(_ type: ResourceType, namespace: String?, name: String, patch: KubePatch) async throws -> JSONValue {
        let namespace = resolved(type, namespace)
        try begin(.patch, type, namespace, name, patch: patch)
        let request = "PATCH \(type.path(namespace: namespace, name: name))"
        guard let previous = objects[key(type, namespace, name)] else {
            throw KubeError.notFound(type, name: name, request: request)
        }
        var patched: JSONValue
        switch patch {
        case .merge(let value): patched = JSONMergePatch.apply(value, to: shaped(previous, as: type))
        case .json(let operations):
            do {
                patched = try JSONPatch.apply(operations, to: shaped(previous, as: type))
            } catch let error as JSONPatchError {
                throw KubeError(patchError: error, request: request)
            }
        }
        try checkResourceVersion(patched, previous, type, name, request)
        patched["metadata"]?["name"] = .string(name)
        return try store(type, namespace: namespace, object: patched, request: request, previous: previous)
    }

    public func delete(_ type: ResourceType, namespace: String?, name: String) async throws {
        let namespace = resolved(type, namespace)
        try begin(.delete, type, namespace, name)
        guard objects.removeValue(forKey: key(type, namespace, name)) != nil else {
            throw KubeError.notFound(type, name: name, request: "DELETE \(type.path(namespace: namespace, name: name))")
        }
    }

    // MARK: - Rules

    /// Records the call and throws an injected failure if one is due.
    private func begin(
        _ verb: InMemoryKubernetesAction.Verb, _ type: ResourceType, _ namespace: String?, _ name: String?,
        object: JSONValue? = nil, patch: KubePatch? = nil, labelSelector: String? = nil
    ) throws {
        actions.append(
            InMemoryKubernetesAction(
                verb: verb, type: type, namespace: namespace, name: name, object: object, patch: patch,
                labelSelector: labelSelector))
        if let index = failures.firstIndex(where: { $0.verb == nil || $0.verb == verb }) {
            throw failures.remove(at: index).error
        }
    }

    private func checkResourceVersion(
        _ object: JSONValue, _ previous: JSONValue, _ type: ResourceType, _ name: String, _ request: String
    ) throws {
        guard let given = object["metadata"]?["resourceVersion"]?.stringValue, !given.isEmpty else { return }
        if given != previous["metadata"]?["resourceVersion"]?.stringValue {
            throw KubeError.staleResourceVersion(type, name: name, request: request)
        }
    }

    /// Validates and stores a new version of an object, keeping identity fields from `previous`.
    private func store(
        _ type: ResourceType, namespace: String?, object: JSONValue, request: String, previous: JSONValue?
    ) throws -> JSONValue {
        guard case .object = object else {
            throw KubeError(code: .invalid, httpStatus: 400, reason: "BadRequest", message: "the body is not a JSON object", request: request)
        }
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        guard !name.isEmpty else {
            throw KubeError.invalid(type, name: "", field: "metadata.name", detail: "Required value: name or generateName is required", request: request)
        }
        guard ObjectName.isValid(name) else {
            throw KubeError.invalid(type, name: name, field: "metadata.name", detail: ObjectName.invalidReason(name), request: request)
        }
        if let kind = object["kind"]?.stringValue, kind != type.kind {
            throw KubeError(
                code: .invalid, httpStatus: 400, reason: "BadRequest",
                message: "the kind \(kind) of the object does not match \(type.kind)", request: request)
        }
        if let given = object["metadata"]?["namespace"]?.stringValue, let namespace, given != namespace {
            throw KubeError(
                code: .invalid, httpStatus: 400, reason: "BadRequest",
                message: "the namespace of the provided object does not match the namespace sent on the request", request: request)
        }
        resourceVersion += 1
        var stored = object
        stored["apiVersion"] = .string(type.apiVersion)
        stored["kind"] = .string(type.kind)
        if let namespace { stored["metadata"]?["namespace"] = .string(namespace) }
        stored["metadata"]?["resourceVersion"] = .string(String(resourceVersion))
        if let previous {
            for field in ["uid", "creationTimestamp"] { stored["metadata"]?[field] = previous["metadata"]?[field] }
            if stored["metadata"]?["managedFields"]?.arrayValue?.isEmpty ?? true {
                stored["metadata"]?["managedFields"] = previous["metadata"]?["managedFields"]
            }
            let generation = previous["metadata"]?["generation"]?.integerValue ?? 1
            let specChanged = stored["spec"] != previous["spec"]
            stored["metadata"]?["generation"] = .integer(specChanged ? generation + 1 : generation)
        } else {
            stored["metadata"]?["uid"] = .string(String(format: "00000000-0000-4000-8000-%012d", resourceVersion))
            stored["metadata"]?["creationTimestamp"] = "2026-01-01T00:00:00Z"
            stored["metadata"]?["generation"] = 1
        }
        objects[key(type, namespace, name)] = stored
        return stored
    }

    private func shaped(_ object: JSONValue, as type: ResourceType) -> JSONValue {
        var object = object
        object["apiVersion"] = .string(type.apiVersion)
        return object
    }

    private func resolved(_ type: ResourceType, _ namespace: String?) -> String? {
        type.namespaced ? (namespace ?? defaultNamespace) : nil
    }

    private func key(_ type: ResourceType, _ namespace: String?, _ name: String) -> Key {
        Key(group: type.group, resource: type.resource, namespace: namespace ?? "", name: name)
    }
}
