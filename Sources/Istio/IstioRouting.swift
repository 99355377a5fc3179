import Experiments
import Foundation
import Kubernetes
import Routing

/// The routing plug-in for Istio VirtualServices (`networking.istio.io`): ``IstioRouter`` on live objects,
/// ``VirtualServiceManifest`` on files. It writes VirtualServices and reads them with the DestinationRules of
/// their namespace.
public struct IstioRouting: RoutingPlugin {
    /// Creates the plug-in.
    public init() {}

    public var kind: RoutingKind { .virtualService }

    public func router(client: any KubernetesClient) -> any TrafficRouter { IstioRouter(client: client) }

    public var manifests: any ManifestRouting { VirtualServiceManifests() }

    public var writtenResources: [RoutingResource] { [RoutingResource(group: IstioRouter.group, resource: "virtualservices")] }

    public var readResources: [RoutingResource] {
        [RoutingResource(group: IstioRouter.group, resource: "virtualservices"),
            RoutingResource(group: IstioRouter.group, resource: "destinationrules")]
    }
}

/// ``ManifestRouting`` for VirtualService files: ``VirtualServiceManifest``'s surgical edits.
struct VirtualServiceManifests: ManifestRouting {
    var kind: RoutingKind { .virtualService }

    func applying(_ split: [String: Int], for experiment: Experiment, in manifest: Data, file: String) throws -> String {
        try VirtualServiceManifest(data: manifest, file: file).applying(split, routing: experiment.routing, versions: experiment.versions)
    }

    func promoting(_ winner: String, for experiment: Experiment, in manifest: Data, file: String) throws -> String {
        try VirtualServiceManifest(data: manifest, file: file).promoting(winner, routing: experiment.routing, versions: experiment.versions)
    }
}
