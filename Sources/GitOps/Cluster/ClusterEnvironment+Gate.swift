import Istio
import Kubernetes
import PromQL

extension ClusterEnvironment {
    /// The production environment over one Kubernetes client: traffic moved by ``IstioRouter`` and versions
    /// checked by ``DeploymentVersionReadiness``, every write through one ``WriteGate`` that allows only
    /// VirtualServices in `allowedNamespaces` (nil: all) and asks `fence` (the leader election) first.
    public static func gated(
        client: any KubernetesClient, metrics: any MetricsSource, allowedNamespaces: Set<String>?,
        fence: any WriteFence = AlwaysPermit()
    ) -> ClusterEnvironment {
        let gate = WriteGate.reconciler(client, allowedNamespaces: allowedNamespaces, fence: fence)
        return ClusterEnvironment(
            router: IstioRouter(client: gate), metrics: metrics, readiness: DeploymentVersionReadiness(client: gate))
    }
}
