import Experiments
import Kubernetes

/// One routing kind's implementation: the live router, the manifest editor, and the Kubernetes resources the
/// router reads and writes (the reconciler's write gate lets exactly these writes through, its read cache lists
/// these reads once per namespace). Adding a routing kind is adding a plug-in and listing it where the service is
/// wired; nothing else dispatches on the kind.
public protocol RoutingPlugin: Sendable {
    /// The kind of object it routes by.
    var kind: RoutingKind { get }

    /// The router for live objects, reading and writing through `client`.
    func router(client: any KubernetesClient) -> any TrafficRouter

    /// The manifest editor.
    var manifests: any ManifestRouting { get }

    /// Resources the router writes (every version of the group).
    var writtenResources: [RoutingResource] { get }

    /// Resources the router reads for each experiment (every version of the group).
    var readResources: [RoutingResource] { get }
}

/// A Kubernetes resource by API group and plural name, in every version of the group.
public struct RoutingResource: Hashable, Sendable, CustomStringConvertible {
    /// API group, e.g. `gateway.networking.k8s.io`.
    public var group: String
    /// Plural resource name, e.g. `httproutes`.
    public var resource: String

    /// Creates a reference.
    public init(group: String, resource: String) {
        self.group = group
        self.resource = resource
    }

    public var description: String { "\(resource).\(group)" }
}
