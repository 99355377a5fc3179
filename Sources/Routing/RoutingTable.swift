import Experiments
import Foundation
import Kubernetes

/// The routing plug-ins a service runs with, dispatching on each experiment's ``Experiments/RoutingKind``: a
/// ``TrafficRouter`` for live objects and the ``ManifestRouting`` for their files. An experiment whose kind no
/// plug-in serves gets ``RoutingError`` (`unsupportedKind`), never another kind's router.
public struct RoutingTable: TrafficRouter {
    let routers: [RoutingKind: any TrafficRouter]
    let editors: [RoutingKind: any ManifestRouting]

    /// The plug-ins' routers over `client` and their manifest editors; a later plug-in of the same kind replaces an earlier one.
    public init(plugins: [any RoutingPlugin], client: any KubernetesClient) {
        var routers: [RoutingKind: any TrafficRouter] = [:]
        var editors: [RoutingKind: any ManifestRouting] = [:]
        for plugin in plugins {
            routers[plugin.kind] = plugin.router(client: client)
            editors[plugin.kind] = plugin.manifests
        }
        self.routers = routers
        self.editors = editors
    }

    /// Given routers and editors, by kind (tests; a fake router for one kind).
    public init(routers: [RoutingKind: any TrafficRouter], editors: [any ManifestRouting] = []) {
        self.routers = routers
        self.editors = Dictionary(editors.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The kinds this table routes.
    public var kinds: Set<RoutingKind> { Set(routers.keys) }

    /// The router for `experiment`'s routed object.
    ///
    /// - Throws: ``RoutingError`` when the experiment moves no traffic or its kind has no plug-in.
    public func router(for experiment: Experiment) throws -> any TrafficRouter {
        guard let object = experiment.routedObject else {
            throw RoutingError(.noRouting, "experiment \(experiment.namespace)/\(experiment.name) moves no traffic (no routing)")
        }
        guard let router = routers[object.kind] else { throw Self.unsupported(object.kind, serving: kinds) }
        return router
    }

    /// The manifest editor for `kind`.
    ///
    /// - Throws: ``RoutingError`` (`unsupportedKind`) when no plug-in edits it.
    public func editor(for kind: RoutingKind) throws -> any ManifestRouting {
        guard let editor = editors[kind] else { throw Self.unsupported(kind, serving: Set(editors.keys)) }
        return editor
    }

    public func currentSplit(for experiment: Experiment) async throws -> [String: Int] {
        try await router(for: experiment).currentSplit(for: experiment)
    }

    @discardableResult
    public func apply(_ split: [String: Int], for experiment: Experiment) async throws -> [String: Int] {
        try await router(for: experiment).apply(split, for: experiment)
    }

    @discardableResult
    public func promote(_ winner: String, for experiment: Experiment) async throws -> [String: Int] {
        try await router(for: experiment).promote(winner, for: experiment)
    }

    public func forgetExperiments(except live: Set<String>) async {
        for router in routers.values { await router.forgetExperiments(except: live) }
    }

    static func unsupported(_ kind: RoutingKind, serving: Set<RoutingKind>) -> RoutingError {
        RoutingError(
            .unsupportedKind,
            "no routing plug-in for \(kind) (this service routes by \(serving.map(\.rawValue).sorted().joined(separator: ", ")))")
    }
}
