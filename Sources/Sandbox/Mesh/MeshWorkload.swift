import Kubernetes

/// A Deployment as the simulated mesh sees it: identity, pod labels, readiness and behaviour.
public struct MeshWorkload: Sendable, Hashable {
    /// The Deployment's name (Istio's `destination_workload`).
    public var name: String
    /// The Deployment's namespace (Istio's `destination_workload_namespace`).
    public var namespace: String
    /// The pod template labels (`spec.template.metadata.labels`).
    public var labels: [String: String]
    /// Whether the store's simulated controller reports ready replicas; only ready workloads get traffic.
    public var ready: Bool
    /// How requests to it behave.
    public var profile: WorkloadProfile

    /// Istio's `destination_version`: the `version` pod label, or `unknown`.
    public var version: String { labels["version"] ?? "unknown" }

    /// Reads a Deployment object.
    public init(deployment: JSONValue) {
        name = deployment["metadata"]?["name"]?.stringValue ?? ""
        namespace = deployment["metadata"]?["namespace"]?.stringValue ?? "default"
        labels = Self.labels(deployment["spec"]?["template"]?["metadata"]?["labels"])
        let readyReplicas = deployment["status"]?["readyReplicas"]?.integerValue ?? 0
        ready = readyReplicas > 0
        profile = WorkloadProfile(deployment: deployment)
    }

    /// Whether every label in `selector` is on the pods.
    func matches(_ selector: [String: String]) -> Bool {
        selector.allSatisfy { labels[$0.key] == $0.value }
    }

    static func labels(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues { $0.stringValue }
    }
}
