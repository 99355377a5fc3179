import Foundation
import Kubernetes

/// The Sandbox's object store: every object as raw JSON (so unknown fields survive), one global,
/// monotonically increasing `resourceVersion`, Kubernetes semantics for every verb, and a change stream.
///
/// The HTTP API server is one client of the store; the simulated mesh reads it in process. Every method
/// throws ``APIStatus`` with the status kube-apiserver would answer (404, 409, 422, 400, 403).
/// ``SandboxKubernetesClient`` wraps the store as a ``KubernetesClient``.
public actor SandboxStore {
    /// The namespaces a new store has: `default`, `kube-system`, `kube-public` and `kube-node-lease`.
    public static let initialNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

    var objects: [ObjectKey: JSONValue] = [:]
    var revision: Int64 = 0
    var heldDeployments: Set<ObjectKey> = []
    private var subscribers: [UUID: AsyncStream<SandboxChange>.Continuation] = [:]
    var watchers: [UUID: (SandboxChange) -> Void] = [:]
    var watcherEnds: [UUID: () -> Void] = [:]
    /// The most recent changes, oldest first, for watches that resume from a resourceVersion.
    var history: [SandboxChange] = []
    /// The oldest resourceVersion a watch can resume from.
    var historyFloor: Int64 = 0
    static let historyCapacity = 1000
    let now: @Sendable () -> Date

    /// Creates a store holding `namespaces`, with `now` as the clock for timestamps.
    public init(namespaces: [String] = SandboxStore.initialNamespaces, now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
        for name in namespaces {
            revision += 1
            let key = ObjectKey(group: "", resource: "namespaces", namespace: "", name: name)
            objects[key] = Self.namespaceObject(name, uid: UUID(), at: now(), resourceVersion: revision)
        }
        historyFloor = revision
    }

    /// The current global resourceVersion: it grows by one with every write.
    public var resourceVersion: Int64 { revision }

    /// A stream of every write from now on. The stream ends when the consumer stops iterating.
    public func changes() -> AsyncStream<SandboxChange> {
        let (stream, continuation) = AsyncStream<SandboxChange>.makeStream(bufferingPolicy: .unbounded)
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.unsubscribe(id) } }
        return stream
    }

    /// Reads one object in `type`'s version.
    public func get(_ type: ResourceType, namespace: String?, name: String) throws -> JSONValue {
        let served = try resolve(type)
        let key = try objectKey(served, namespace: namespace, name: name)
        guard let object = objects[key] else { throw APIStatus.notFound(served, name) }
        return Self.presented(object, served: served, version: type.version)
    }

    /// Lists objects of `type` in `namespace` (all namespaces when nil) that match `selector`.
    public func list(
        _ type: ResourceType, namespace: String?, selector: LabelSelector? = nil, fields: FieldSelector? = nil
    ) throws -> SandboxList {
        let served = try resolve(type)
        try fields?.check(served)
        let items = objects.filter { key, object in
            key.group == served.storageGroup && key.resource == served.resource
                && (namespace == nil || !served.namespaced || key.namespace == namespace)
                && (selector?.matches(object: object) ?? true) && (fields?.matches(object: object) ?? true)
        }
        .sorted { $0.key < $1.key }
        .map { Self.presented($0.value, served: served, version: type.version) }
        return SandboxList(items: items, resourceVersion: revision)
    }

    /// Holds the Deployment not ready (readyReplicas and availableReplicas 0, `Available=False`) until
    /// ``releaseDeployment(namespace:name:)``; applies to a Deployment created later, too.
    public func holdDeployment(namespace: String, name: String) {
        let key = ObjectKey(group: "apps", resource: "deployments", namespace: namespace, name: name)
        heldDeployments.insert(key)
        reconcileDeployment(key)
    }

    /// Lets the simulated controller report the Deployment ready again.
    public func releaseDeployment(namespace: String, name: String) {
        let key = ObjectKey(group: "apps", resource: "deployments", namespace: namespace, name: name)
        heldDeployments.remove(key)
        reconcileDeployment(key)
    }

    // MARK: - Internals shared by the write paths

    func resolve(_ type: ResourceType) throws -> ServedResource {
        guard let served = ServedResource.find(group: type.group, resource: type.resource),
            served.versions.contains(type.version)
        else { throw APIStatus.pathNotFound }
        return served
    }

    func objectKey(_ served: ServedResource, namespace: String?, name: String) throws -> ObjectKey {
        guard served.namespaced else {
            return ObjectKey(group: served.storageGroup, resource: served.resource, namespace: "", name: name)
        }
        guard let namespace, !namespace.isEmpty else {
            throw APIStatus.badRequest("a namespace is required for \(served.qualifiedResource)")
        }
        return ObjectKey(group: served.storageGroup, resource: served.resource, namespace: namespace, name: name)
    }

    /// Stores `object` (or removes it when nil), bumps nothing itself, and tells subscribers.
    func publish(_ kind: SandboxChange.Kind, _ key: ObjectKey, _ object: JSONValue) {
        guard let served = ServedResource.find(group: key.group, resource: key.resource) else { return }
        let change = SandboxChange(
            kind: kind, resource: served, namespace: key.namespace.isEmpty ? nil : key.namespace, name: key.name,
            object: object, resourceVersion: revision)
        for continuation in subscribers.values { continuation.yield(change) }
        for watcher in watchers.values { watcher(change) }
        history.append(change)
        if history.count > Self.historyCapacity {
            history.removeFirst(history.count - Self.historyCapacity)
            historyFloor = history[0].resourceVersion - 1
        }
    }

    func finishSubscribers() {
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    private func unsubscribe(_ id: UUID) { subscribers[id] = nil }

    /// The stored object as seen through `version`: only `apiVersion` changes, unless `served` converts
    /// (``ServedResource/isConverted``).
    static func presented(_ object: JSONValue, served: ServedResource, version: String) -> JSONValue {
        var copy = served.isConverted ? EventConversion.core(fromStorage: object) : object
        copy["apiVersion"] = .string(served.apiVersion(version))
        return copy
    }

    /// A written body (already checked against `served`) in its storage form.
    static func stored(_ object: JSONValue, served: ServedResource) -> JSONValue {
        var copy = served.isConverted ? EventConversion.storage(fromCore: object) : object
        copy["apiVersion"] = .string(served.storageAPIVersion)
        return copy
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func namespaceObject(_ name: String, uid: UUID, at date: Date, resourceVersion: Int64) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": [
                "name": .string(name), "uid": .string(uid.uuidString.lowercased()),
                "resourceVersion": .string(String(resourceVersion)), "creationTimestamp": .string(timestamp(date)),
                "labels": ["kubernetes.io/metadata.name": .string(name)],
            ],
            "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
        ]
    }
}
