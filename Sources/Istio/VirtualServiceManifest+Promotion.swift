import Experiments
import Kubernetes
import Routing

extension VirtualServiceManifest {
    /// The file's text with all traffic to `winner`, the same change ``RouteEditor/promotion(to:binding:in:)``
    /// makes in the cluster:
    ///
    /// - a route without `match`: weight scalars only (winner 100, others 0);
    /// - an A/B route followed by a default route: the A/B route's lines are deleted (from its `-` line through
    ///   its last line) and the default route's scalars (weights, or its destination's `host`/`subset`) are
    ///   rewritten; comments and blank lines around the deleted route stay;
    /// - an A/B route without a default route: its `match:` lines are deleted and the weights rewritten.
    ///
    /// The result is parsed again and must equal the cluster-side promotion of the same document, or this
    /// throws ``IstioError`` (`invalidObject`) instead of writing something else — for example when the route
    /// is written in flow style, or the default route's destination lacks a key the winner's has.
    public func promoting(_ winner: String, routing: RoutingSpec, versions: [VersionSpec]) throws -> String {
        guard let target = try RouteLocator.target(routing: routing, versions: versions) else {
            throw IstioError(.routeNotFound, "the experiment moves no traffic (no routing)")
        }
        let (document, virtualService) = try self.virtualService(name: target.name, namespace: target.namespace)
        let binding = try RouteLocator.locate(routing: routing, versions: versions, in: virtualService, destinationRules: nil)
        guard binding.hasMatch else {
            var split: [String: Int] = [:]
            for version in binding.versions { split[version] = version == winner ? 100 : 0 }
            return try applying(split, routing: routing, versions: versions)
        }
        let edit = try RouteEditor.promotion(to: winner, binding: binding, in: virtualService)
        let removals = edit.operations.filter { $0.op == "remove" }.map { ManifestTextEdits.yamlPath(ofPointer: $0.path) }
        do {
            return try ManifestTextEdits.rewriting(source, document: document, removing: removals, to: edit.object, file: file)
        } catch let refusal as ManifestEditRefusal {
            throw IstioError(
                .invalidObject, "promoting \(winner) in \(file ?? "the manifest"): \(refusal.message)",
                virtualService: binding.virtualService, route: binding.routeLabel, version: winner)
        }
    }
}
