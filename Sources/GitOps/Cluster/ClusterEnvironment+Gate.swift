import Istio
import Kubernetes
import PromQL

extension ClusterEnvironment {
    /// The production environment over one Kubernetes client: traffic moved by ``IstioRouter`` and versions
    /// checked by ``DeploymentVersionReadiness``, every write through one ``WriteGate`` that allows only
    /// VirtualServices in `allowedNamespaces` (nil: all) and asks `fence` (the leader election) first.
    ///
    /// - Parameter readCacheSeconds: above 0, the reads of Deployments, VirtualServices and DestinationRules come
    ///   from one LIST per namespace kept this long (``CachedReads``): others' changes are seen within that time,
    ///   the service's own writes at once. 0 reads every object from the server each time.
    public static func gated(
        client: any KubernetesClient, metrics: any MetricsSource, allowedNamespaces: Set<String>?,
        fence: any WriteFence = AlwaysPermit(), readCacheSeconds: Double = 0
    ) -> ClusterEnvironment {
        let reads: any KubernetesClient = readCacheSeconds > 0
            ? CachedReads(client, maxAge: .milliseconds(Int64(readCacheSeconds * 1000))) : client
        let gate = WriteGate.reconciler(reads, allowedNamespaces: allowedNamespaces, fence: fence)
        return ClusterEnvironment(
            router: IstioRouter(client: gate), metrics: metrics, readiness: DeploymentVersionReadiness(client: gate))
    }
}
