import Kubernetes
import PromQL
import Routing

extension ClusterEnvironment {
    /// The production environment over one Kubernetes client: traffic moved by the routing plug-ins' routers (a
    /// ``Routing/RoutingTable`` dispatching on each experiment's kind) and versions checked by
    /// ``DeploymentVersionReadiness``, every write through one ``WriteGate`` that allows only what the plug-ins write,
    /// in `allowedNamespaces` (nil: all), and asks `fence` (the leader election) first.
    ///
    /// - Parameter readCacheSeconds: above 0, the reads of Deployments and of what the plug-ins read come from one
    ///   LIST per namespace kept this long (``CachedReads``): others' changes are seen within that time, the
    ///   service's own writes at once. 0 reads every object from the server each time.
    public static func gated(
        client: any KubernetesClient, metrics: any MetricsSource, routing: [any RoutingPlugin], allowedNamespaces: Set<String>?,
        fence: any WriteFence = AlwaysPermit(), readCacheSeconds: Double = 0
    ) -> ClusterEnvironment {
        let reads: any KubernetesClient = readCacheSeconds > 0
            ? CachedReads(
                client, types: CachedReads.reconcilerTypes(routed: routing.flatMap(\.readResources)),
                maxAge: .milliseconds(Int64(readCacheSeconds * 1000)))
            : client
        let gate = WriteGate.reconciler(reads, routed: routing.flatMap(\.writtenResources), allowedNamespaces: allowedNamespaces, fence: fence)
        return ClusterEnvironment(
            router: RoutingTable(plugins: routing, client: gate), metrics: metrics, readiness: DeploymentVersionReadiness(client: gate),
            manifests: routing.map(\.manifests))
    }
}
