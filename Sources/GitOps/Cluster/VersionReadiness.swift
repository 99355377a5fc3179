import Experiments
import Routing
import Kubernetes
import PromQL

/// Whether every version of an experiment is deployed and ready: the seam between the reconciler and
/// the workloads. ``DeploymentVersionReadiness`` is the production implementation.
public protocol VersionReadiness: Sendable {
    /// Ready when every version is; the message names what is not.
    ///
    /// - Throws: when the cluster cannot be asked (the experiment holds).
    func check(_ experiment: Experiment) async throws -> (ready: Bool, message: String)
}

/// Each version is a Deployment named like the version, in its `namespace` variable (else the experiment's
/// namespace) — the same `$name`/`$namespace` the Istio metrics use for `destination_workload` and
/// `destination_workload_namespace` (`name` is reserved for the version name and cannot be a variable).
public struct DeploymentVersionReadiness: VersionReadiness {
    /// The cluster.
    public let client: any KubernetesClient

    /// Creates a checker.
    public init(client: any KubernetesClient) { self.client = client }

    /// What the reconciler's read cache keeps of a Deployment (``CachedReads/reconcilerTypes(routed:)``): its identity
    /// (`metadata` name, namespace, uid, resourceVersion, generation, labels), `spec.replicas`, its whole `status`,
    /// and whatever else ``Kubernetes/DeploymentReadiness`` reads (``Kubernetes/DeploymentReadiness/readFields``) —
    /// not the pod template, other annotations or managedFields, which nothing here reads. ``check(_:)`` is the only
    /// reader of Deployments through that cache, and the service never writes one.
    public static let cachedFields: JSONFieldSet = {
        let kept: JSONFieldSet = [
            "apiVersion": .all, "kind": .all,
            "metadata": [
                "name": .all, "namespace": .all, "uid": .all, "resourceVersion": .all, "generation": .all, "labels": .all,
            ],
            "spec": ["replicas": .all],
            "status": .all,
        ]
        return kept.union(DeploymentReadiness.readFields)
    }()

    /// Reads every version's Deployment.
    public func check(_ experiment: Experiment) async throws -> (ready: Bool, message: String) {
        var problems: [String] = []
        for version in experiment.versions {
            let (namespace, name) = Self.workload(of: version, in: experiment)
            do {
                let deployment = try await client.get(.deployment, namespace: namespace, name: name)
                let readiness = DeploymentReadiness(deployment: deployment)
                if !readiness.isReady { problems.append("Deployment \(namespace)/\(name) of \(version.name): \(readiness.reason)") }
            } catch let error as KubeError where error.code == .notFound {
                problems.append("Deployment \(namespace)/\(name) of \(version.name) does not exist")
            }
        }
        if problems.isEmpty { return (true, "every version is ready") }
        return (false, problems.joined(separator: "; "))
    }

    /// The namespace and name of a version's Deployment.
    public static func workload(of version: VersionSpec, in experiment: Experiment) -> (namespace: String, name: String) {
        let namespace = version.variables.first { $0.name == "namespace" }?.value ?? experiment.namespace
        return (namespace, version.name)
    }
}

/// The cluster-side adapters one reconciler works through.
public struct ClusterEnvironment: Sendable {
    /// Moves traffic (a ``Routing/RoutingTable`` dispatching on each experiment's routing kind, in production).
    public var router: any TrafficRouter
    /// Measures metrics.
    public var metrics: any MetricsSource
    /// Checks versions.
    public var readiness: any VersionReadiness
    /// Edits the split in routed objects' manifest files, by routing kind (`git` apply mode, promotion commits).
    public var manifests: [RoutingKind: any ManifestRouting]

    /// Bundles the adapters.
    public init(
        router: any TrafficRouter, metrics: any MetricsSource, readiness: any VersionReadiness, manifests: [any ManifestRouting] = []
    ) {
        self.router = router
        self.metrics = metrics
        self.readiness = readiness
        self.manifests = Dictionary(manifests.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
    }
}
