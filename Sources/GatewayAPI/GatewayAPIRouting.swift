import Experiments
import Foundation
import Kubernetes
import Routing

/// The routing plug-in for Gateway API HTTPRoutes (`gateway.networking.k8s.io`): ``HTTPRouteRouter`` on live
/// objects, ``HTTPRouteManifest`` on files. It reads and writes HTTPRoutes and nothing else.
public struct GatewayAPIRouting: RoutingPlugin {
    /// Creates the plug-in.
    public init() {}

    public var kind: RoutingKind { .httpRoute }

    public func router(client: any KubernetesClient) -> any TrafficRouter { HTTPRouteRouter(client: client) }

    public var manifests: any ManifestRouting { HTTPRouteManifests() }

    public var writtenResources: [RoutingResource] { [RoutingResource(group: HTTPRouteRouter.group, resource: "httproutes")] }

    public var readResources: [RoutingResource] { writtenResources }
}

/// ``Routing/ManifestRouting`` for HTTPRoute files: ``HTTPRouteManifest``'s surgical edits.
struct HTTPRouteManifests: ManifestRouting {
    var kind: RoutingKind { .httpRoute }

    func applying(_ split: [String: Int], for experiment: Experiment, in manifest: Data, file: String) throws -> String {
        try HTTPRouteManifest(data: manifest, file: file).applying(split, rule: rule(of: experiment), versions: experiment.versions.map(\.name))
    }

    func promoting(_ winner: String, for experiment: Experiment, in manifest: Data, file: String) throws -> String {
        try HTTPRouteManifest(data: manifest, file: file).promoting(winner, rule: rule(of: experiment), versions: experiment.versions.map(\.name))
    }

    private func rule(of experiment: Experiment) throws -> HTTPRouteRule {
        guard case .httpRoute(let rule) = experiment.routing else {
            throw GatewayAPIError(.ruleNotFound, "experiment \(experiment.namespace)/\(experiment.name) does not route by an HTTPRoute")
        }
        return rule
    }
}
