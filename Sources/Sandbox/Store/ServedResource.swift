import Kubernetes

/// A resource type the Sandbox serves: what discovery advertises and how objects of it are stored.
///
/// One storage per resource: a VirtualService created through `v1beta1` is read back through `v1` or
/// `v1alpha3` with only `apiVersion` rewritten, an HTTPRoute created through `v1beta1` through `v1`. A resource
/// served in two groups shares one storage too: a core `v1` Event is stored as an `events.k8s.io/v1` Event (its
/// ``storageGroup``) and converted field by field on the way in and out (``EventConversion``).
public struct ServedResource: Hashable, Sendable {
    /// API group; empty for the core group.
    public var group: String
    /// Served versions, preferred (and storage) first.
    public var versions: [String]
    /// Plural name used in paths, e.g. `virtualservices`.
    public var resource: String
    /// Singular name, e.g. `virtualservice`.
    public var singular: String
    /// Kind, e.g. `VirtualService`.
    public var kind: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// Short names kubectl accepts, e.g. `vs`.
    public var shortNames: [String]
    /// Categories, e.g. `all`.
    public var categories: [String]
    /// Whether `status` is a subresource: writes to the main resource keep the stored status.
    public var hasStatusSubresource: Bool
    /// The group whose storage holds the objects (at the same storage version); ``group`` unless the resource is
    /// another group's objects seen through this one (core `v1` Events are `events.k8s.io` Events).
    public var storageGroup: String

    /// Creates a served resource.
    public init(
        group: String, versions: [String], resource: String, singular: String, kind: String, namespaced: Bool = true,
        shortNames: [String] = [], categories: [String] = [], hasStatusSubresource: Bool = false,
        storageGroup: String? = nil
    ) {
        self.group = group
        self.storageGroup = storageGroup ?? group
        self.versions = versions
        self.resource = resource
        self.singular = singular
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.categories = categories
        self.hasStatusSubresource = hasStatusSubresource
    }

    /// The storage version (the preferred one).
    public var storageVersion: String { versions[0] }

    /// `apiVersion` of stored objects: the storage group at the storage version.
    public var storageAPIVersion: String {
        storageGroup.isEmpty ? storageVersion : "\(storageGroup)/\(storageVersion)"
    }

    /// Whether objects are stored in another group's form and converted on every read and write.
    public var isConverted: Bool { storageGroup != group }

    /// `resource.group`, or `resource` for the core group, as Kubernetes names it in messages.
    public var qualifiedResource: String { group.isEmpty ? resource : "\(resource).\(group)" }

    /// `Kind.group`, or `Kind` for the core group, as Kubernetes names it in validation messages.
    public var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// `apiVersion` for `version`.
    public func apiVersion(_ version: String) -> String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The client-side resource type in `version`.
    public func type(_ version: String) -> ResourceType {
        ResourceType(group: group, version: version, resource: resource, kind: kind, namespaced: namespaced)
    }

    /// The verbs advertised in discovery.
    public var verbs: [String] { ["create", "delete", "get", "list", "patch", "update"] }
}

extension ServedResource {
    private static let istioVersions = ["v1", "v1beta1", "v1alpha3"]

    /// Every resource the Sandbox serves.
    public static let all: [ServedResource] = [
        ServedResource(
            group: "", versions: ["v1"], resource: "namespaces", singular: "namespace", kind: "Namespace",
            namespaced: false, shortNames: ["ns"], hasStatusSubresource: true),
        ServedResource(
            group: "", versions: ["v1"], resource: "services", singular: "service", kind: "Service",
            shortNames: ["svc"], categories: ["all"], hasStatusSubresource: true),
        ServedResource(
            group: "", versions: ["v1"], resource: "configmaps", singular: "configmap", kind: "ConfigMap",
            shortNames: ["cm"]),
        ServedResource(group: "", versions: ["v1"], resource: "secrets", singular: "secret", kind: "Secret"),
        ServedResource(
            group: "", versions: ["v1"], resource: "serviceaccounts", singular: "serviceaccount", kind: "ServiceAccount",
            shortNames: ["sa"]),
        ServedResource(
            group: "apps", versions: ["v1"], resource: "deployments", singular: "deployment", kind: "Deployment",
            shortNames: ["deploy"], categories: ["all"], hasStatusSubresource: true),
        ServedResource(
            group: "coordination.k8s.io", versions: ["v1"], resource: "leases", singular: "lease", kind: "Lease"),
        ServedResource(
            group: "rbac.authorization.k8s.io", versions: ["v1"], resource: "clusterroles", singular: "clusterrole",
            kind: "ClusterRole", namespaced: false),
        ServedResource(
            group: "rbac.authorization.k8s.io", versions: ["v1"], resource: "clusterrolebindings",
            singular: "clusterrolebinding", kind: "ClusterRoleBinding", namespaced: false),
        ServedResource(
            group: "rbac.authorization.k8s.io", versions: ["v1"], resource: "roles", singular: "role", kind: "Role"),
        ServedResource(
            group: "rbac.authorization.k8s.io", versions: ["v1"], resource: "rolebindings", singular: "rolebinding",
            kind: "RoleBinding"),
        ServedResource(
            group: "networking.istio.io", versions: istioVersions, resource: "virtualservices",
            singular: "virtualservice", kind: "VirtualService", shortNames: ["vs"],
            categories: ["istio-io", "networking-istio-io"], hasStatusSubresource: true),
        ServedResource(
            group: "networking.istio.io", versions: istioVersions, resource: "destinationrules",
            singular: "destinationrule", kind: "DestinationRule", shortNames: ["dr"],
            categories: ["istio-io", "networking-istio-io"], hasStatusSubresource: true),
        ServedResource(
            group: "gateway.networking.k8s.io", versions: ["v1", "v1beta1"], resource: "httproutes",
            singular: "httproute", kind: "HTTPRoute", categories: ["gateway-api"], hasStatusSubresource: true),
        ServedResource(
            group: "events.k8s.io", versions: ["v1"], resource: "events", singular: "event", kind: "Event"),
        ServedResource(
            group: "", versions: ["v1"], resource: "events", singular: "event", kind: "Event", shortNames: ["ev"],
            storageGroup: "events.k8s.io"),
    ]

    /// The served resource for `group` and plural `resource`, if any.
    public static func find(group: String, resource: String) -> ServedResource? {
        all.first { $0.group == group && $0.resource == resource }
    }

    /// The groups in discovery order (core excluded), each with its versions, preferred first.
    static var groups: [(name: String, versions: [String])] {
        var result: [(name: String, versions: [String])] = []
        for served in all where !served.group.isEmpty && !result.contains(where: { $0.name == served.group }) {
            result.append((served.group, served.versions))
        }
        return result
    }
}
