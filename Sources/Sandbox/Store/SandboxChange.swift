import Kubernetes

/// One write to the Sandbox store, as delivered by ``SandboxStore/changes()``.
public struct SandboxChange: Hashable, Sendable {
    /// What happened to the object.
    public enum Kind: String, Hashable, Sendable {
        /// Created.
        case added
        /// Updated, patched, or its status changed.
        case modified
        /// Deleted.
        case deleted
    }

    /// What happened.
    public var kind: Kind
    /// The object's resource type.
    public var resource: ServedResource
    /// The namespace, nil for cluster-scoped objects.
    public var namespace: String?
    /// The object's name.
    public var name: String
    /// The object as stored (storage version), or as it was just before deletion.
    public var object: JSONValue
    /// The store's resourceVersion after the write.
    public var resourceVersion: Int64
}

/// Where an object lives in the store: version-independent.
struct ObjectKey: Hashable, Sendable, Comparable {
    var group: String
    var resource: String
    /// Empty for cluster-scoped objects.
    var namespace: String
    var name: String

    static func < (a: ObjectKey, b: ObjectKey) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
}

/// A list result: the objects in the requested version and the store's resourceVersion when listed.
public struct SandboxList: Hashable, Sendable {
    /// The matching objects, sorted by namespace then name.
    public var items: [JSONValue]
    /// The store's resourceVersion at the time of the list.
    public var resourceVersion: Int64
}

/// A patch as the Sandbox accepts it.
public enum SandboxPatch: Hashable, Sendable {
    /// RFC 7386 JSON merge patch.
    case merge(JSONValue)
    /// RFC 6902 JSON patch.
    case json([JSONPatchOperation])
    /// Kubernetes strategic merge patch, approximated by ``StrategicMergePatch``.
    case strategicMerge(JSONValue)

    /// The Sandbox form of a client-side patch.
    public init(_ patch: KubePatch) {
        switch patch {
        case .merge(let value): self = .merge(value)
        case .json(let operations): self = .json(operations)
        }
    }
}
