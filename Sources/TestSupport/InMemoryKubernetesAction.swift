import Kubernetes

/// One call recorded by ``InMemoryKubernetesClient``, as argo-rollouts' tests record client actions.
public struct InMemoryKubernetesAction: Hashable, Sendable, CustomStringConvertible {
    /// The kind of call.
    public enum Verb: String, Hashable, Sendable {
        /// `servedVersions(ofGroup:)`.
        case discovery
        /// `get`.
        case get
        /// `list`.
        case list
        /// `create`.
        case create
        /// `update`.
        case update
        /// `patch`.
        case patch
        /// `delete`.
        case delete

        /// True for create, update, patch and delete.
        public var isWrite: Bool { [.create, .update, .patch, .delete].contains(self) }
    }

    /// The kind of call.
    public var verb: Verb
    /// The resource type (for discovery: only its group is set).
    public var type: ResourceType
    /// The namespace used, nil for cluster-scoped types (and list across namespaces).
    public var namespace: String?
    /// The object's name, when the call names one.
    public var name: String?
    /// The body of a create or update.
    public var object: JSONValue?
    /// The patch of a patch call.
    public var patch: KubePatch?
    /// The label selector of a list call.
    public var labelSelector: String?

    /// Creates an action.
    public init(
        verb: Verb, type: ResourceType, namespace: String? = nil, name: String? = nil, object: JSONValue? = nil,
        patch: KubePatch? = nil, labelSelector: String? = nil
    ) {
        self.verb = verb
        self.type = type
        self.namespace = namespace
        self.name = name
        self.object = object
        self.patch = patch
        self.labelSelector = labelSelector
    }

    /// `patch virtualservices.networking.istio.io bookinfo/reviews`.
    public var description: String {
        let target = [namespace, name].compactMap { $0 }.joined(separator: "/")
        return "\(verb.rawValue) \(verb == .discovery ? type.group : type.qualifiedResource)\(target.isEmpty ? "" : " \(target)")"
    }
}
