import Foundation
import Kubernetes
import Routing

/// The one gate every Kubernetes write of the service passes, whatever led to it — a spec, a status file, a
/// deletion, an outage rollback, a restore: a ``KubernetesClient`` that forwards reads and lets a write
/// (create, update, patch, delete) through only when a rule allows its verb on its kind in its namespace and the
/// ``WriteFence`` permits it. Everything else is refused with ``WriteRefusedError`` before any request is sent.
public struct WriteGate: KubernetesClient {
    /// What may be written.
    public struct Rule: Hashable, Sendable {
        /// The resource's API group (`networking.istio.io`, `coordination.k8s.io`).
        public var group: String
        /// The plural resource name (`virtualservices`, `leases`).
        public var resource: String
        /// The namespaces it may be written in; nil for every namespace.
        public var namespaces: Set<String>?
        /// Whether the fence is asked first (writes that move traffic); the Lease writes that make the fence are not.
        public var fenced: Bool
        /// The verbs allowed; nil for every one.
        public var verbs: Set<WriteRefusedError.Verb>?

        /// Creates a rule.
        public init(
            group: String, resource: String, namespaces: Set<String>?, fenced: Bool = true,
            verbs: Set<WriteRefusedError.Verb>? = nil
        ) {
            self.group = group
            self.resource = resource
            self.namespaces = namespaces
            self.fenced = fenced
            self.verbs = verbs
        }

        /// A routed resource (every version of its group, e.g. a plug-in's ``Routing/RoutingPlugin/writtenResources``)
        /// in `namespaces` (nil: all).
        public static func routed(_ resource: RoutingResource, in namespaces: Set<String>?) -> Rule {
            Rule(group: resource.group, resource: resource.resource, namespaces: namespaces)
        }

        /// The leader election Lease `namespace`, never fenced.
        public static func leases(in namespace: String) -> Rule {
            Rule(group: "coordination.k8s.io", resource: "leases", namespaces: [namespace], fenced: false)
        }

        /// Creating `events.k8s.io` Events (never changing or deleting one) in `namespaces` (nil: all), not fenced: an
        /// Event reports a transition already pushed, and moves no traffic.
        public static func events(in namespaces: Set<String>?) -> Rule {
            Rule(group: "events.k8s.io", resource: "events", namespaces: namespaces, fenced: false, verbs: [.create])
        }
    }

    let base: any KubernetesClient
    let rules: [Rule]
    let fence: any WriteFence
    /// How long a write may take at most (the fence must leave at least this much of the lease).
    let writeBudget: Duration

    /// Gates `base`'s writes by `rules` and `fence`.
    public init(
        _ base: any KubernetesClient, rules: [Rule], fence: any WriteFence = AlwaysPermit(), writeBudget: Duration = .seconds(5)
    ) {
        self.base = base
        self.rules = rules
        self.fence = fence
        self.writeBudget = writeBudget
    }

    /// The gate for the reconciler: the resources the routing plug-ins write (`routed`) in `allowedNamespaces` (nil:
    /// all), plus the leader Lease.
    public static func reconciler(
        _ base: any KubernetesClient, routed: [RoutingResource], allowedNamespaces: Set<String>?, leaseNamespace: String? = nil,
        fence: any WriteFence = AlwaysPermit()
    ) -> WriteGate {
        WriteGate(
            base, rules: routed.map { .routed($0, in: allowedNamespaces) } + (leaseNamespace.map { [.leases(in: $0)] } ?? []),
            fence: fence)
    }

    // MARK: Reads, forwarded

    public func servedVersions(ofGroup group: String) async throws -> [String] { try await base.servedVersions(ofGroup: group) }

    public func get(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        try await base.get(type, namespace: namespace, name: name)
    }

    public func list(_ type: ResourceType, namespace: String?, labelSelector: String?) async throws -> [JSONValue] {
        try await base.list(type, namespace: namespace, labelSelector: labelSelector)
    }

    // MARK: Writes, gated

    public func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        try await check(.create, type, namespace: namespace, name: object["metadata"]?["name"]?.stringValue ?? "")
        return try await base.create(type, namespace: namespace, object: object)
    }

    public func update(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        try await check(.update, type, namespace: namespace, name: object["metadata"]?["name"]?.stringValue ?? "")
        return try await base.update(type, namespace: namespace, object: object)
    }

    public func patch(_ type: ResourceType, namespace: String?, name: String, patch: KubePatch) async throws -> JSONValue {
        try await check(.patch, type, namespace: namespace, name: name)
        return try await base.patch(type, namespace: namespace, name: name, patch: patch)
    }

    public func delete(_ type: ResourceType, namespace: String?, name: String) async throws {
        try await check(.delete, type, namespace: namespace, name: name)
        try await base.delete(type, namespace: namespace, name: name)
    }

    /// Throws ``WriteRefusedError`` unless a rule allows the write and, for a fenced one, the fence permits it.
    func check(_ verb: WriteRefusedError.Verb, _ type: ResourceType, namespace: String?, name: String) async throws {
        func refuse(_ reason: WriteRefusedError.Reason) -> WriteRefusedError {
            WriteRefusedError(verb: verb, resource: "\(type.resource).\(type.group)", namespace: namespace, name: name, reason: reason)
        }
        guard let namespace, !namespace.isEmpty else { throw refuse(.clusterScoped) }
        let matching = rules.filter { $0.group == type.group && $0.resource == type.resource }
        guard !matching.isEmpty else { throw refuse(.kindNotAllowed) }
        let permitting = matching.filter { $0.verbs?.contains(verb) ?? true }
        guard !permitting.isEmpty else { throw refuse(.verbNotAllowed) }
        guard let rule = permitting.first(where: { $0.namespaces?.contains(namespace) ?? true }) else {
            throw refuse(.namespaceNotAllowed)
        }
        if rule.fenced, await !fence.permits(writeBudget) { throw refuse(.notLeading) }
    }
}

/// A Kubernetes write the ``WriteGate`` refused; nothing was sent.
public struct WriteRefusedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The write.
    public enum Verb: String, Hashable, Sendable { case create, update, patch, delete }
    /// Why it was refused.
    public enum Reason: String, Sendable {
        /// The kind is not one the service writes.
        case kindNotAllowed
        /// The service writes this kind, but never with this verb (it only creates Events).
        case verbNotAllowed
        /// The namespace is not among the allowed ones.
        case namespaceNotAllowed
        /// A write without a namespace (cluster-scoped): the service writes none.
        case clusterScoped
        /// This replica does not lead, or too little of its lease is left for the write.
        case notLeading
    }

    /// The verb.
    public var verb: Verb
    /// `resource.group`.
    public var resource: String
    /// The namespace, if any.
    public var namespace: String?
    /// The object's name.
    public var name: String
    /// Why.
    public var reason: Reason

    public var description: String {
        let object = "\(resource) \(namespace.map { "\($0)/" } ?? "")\(name)"
        switch reason {
        case .kindNotAllowed: return "refused to \(verb.rawValue) \(object): the service does not write this kind"
        case .verbNotAllowed: return "refused to \(verb.rawValue) \(object): the service never does this to this kind"
        case .namespaceNotAllowed: return "refused to \(verb.rawValue) \(object): namespace \(namespace ?? "") is not allowed"
        case .clusterScoped: return "refused to \(verb.rawValue) \(object): the service writes only namespaced objects"
        case .notLeading: return "refused to \(verb.rawValue) \(object): this replica does not lead (or its lease is about to lapse)"
        }
    }
}
