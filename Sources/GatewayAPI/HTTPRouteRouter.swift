import Experiments
import Kubernetes
import Routing

/// The ``Routing/TrafficRouter`` for Gateway API HTTPRoutes: reads the live HTTPRoute, locates the experiment's
/// rule with ``RuleLocator``, patches only the weights with a JSON patch whose `test` operations guard the old
/// values, and verifies by reading the object back.
///
/// The `gateway.networking.k8s.io` version is discovered once (``apiVersion()``): v1 when served, else v1beta1.
/// A patch rejected because the object changed meanwhile (409, or a failed `test`, 422) is retried on a fresh
/// read, at most twice (``Routing/GuardedPatch``).
public actor HTTPRouteRouter: TrafficRouter {
    /// The Gateway API group.
    public static let group = RoutingKind.httpRoute.group
    /// Versions this router speaks, preferred first.
    public static let supportedVersions = ["v1", "v1beta1"]

    private let client: any KubernetesClient
    private var discovered: String?

    /// Creates a router over `client`.
    public init(client: any KubernetesClient) {
        self.client = client
    }

    /// The `gateway.networking.k8s.io` version to use, discovered from the server on first use.
    ///
    /// - Throws: ``GatewayAPIError`` (`unsupportedAPIVersion`) when the server serves neither v1 nor v1beta1.
    public func apiVersion() async throws -> String {
        if let discovered { return discovered }
        let served = try await kube("discover \(Self.group)", nil) { try await client.servedVersions(ofGroup: Self.group) }
        guard let version = Self.supportedVersions.first(where: served.contains) else {
            throw GatewayAPIError(
                .unsupportedAPIVersion,
                "the server serves \(Self.group) \(served.isEmpty ? "in no version" : served.joined(separator: ", ")); "
                    + "this router speaks \(Self.supportedVersions.joined(separator: ", "))")
        }
        discovered = version
        return version
    }

    /// The live HTTPRoute and the located rule of `experiment`.
    ///
    /// - Throws: ``GatewayAPIError`` when the experiment does not route by an HTTPRoute, the object cannot be read,
    ///   or its rule or backendRefs cannot be located.
    public func locate(_ experiment: Experiment) async throws -> (HTTPRoute, RuleBinding) {
        guard case .httpRoute(let spec) = experiment.routing else {
            throw GatewayAPIError(
                .ruleNotFound, "experiment \(experiment.namespace)/\(experiment.name) does not route by an HTTPRoute")
        }
        let version = try await apiVersion()
        let reference = "\(spec.namespace)/\(spec.name)"
        let object = try await kube("get HTTPRoute \(reference)", reference) {
            try await client.get(.httpRoute(version), namespace: spec.namespace, name: spec.name)
        }
        let route = try HTTPRoute(object)
        return (route, try RuleLocator.locate(spec, versions: experiment.versions.map(\.name), in: route))
    }

    /// The split on the live rule, by version.
    public func currentSplit(for experiment: Experiment) async throws -> [String: Int] {
        let (route, binding) = try await locate(experiment)
        return try RuleEditor.currentSplit(of: route, binding: binding)
    }

    /// Patches the weights to `split` (JSON patch with `test`s) and returns the split read back.
    @discardableResult
    public func apply(_ split: [String: Int], for experiment: Experiment) async throws -> [String: Int] {
        try await patchAndVerify(experiment, expected: split) { route, binding in
            try RuleEditor.split(split, binding: binding, in: route)
        }
    }

    /// Gives all traffic to `winner` (see ``RuleEditor/promotion(to:binding:in:)``), verified by reading back.
    @discardableResult
    public func promote(_ winner: String, for experiment: Experiment) async throws -> [String: Int] {
        var expected: [String: Int] = [:]
        for version in experiment.versions { expected[version.name] = version.name == winner ? 100 : 0 }
        return try await patchAndVerify(experiment, expected: expected, promoting: true) { route, binding in
            try RuleEditor.promotion(to: winner, binding: binding, in: route)
        }
    }

    /// Locates, edits and patches (``Routing/GuardedPatch``: again on a fresh read when the object changed
    /// meanwhile), then verifies by reading back.
    private func patchAndVerify(
        _ experiment: Experiment, expected: [String: Int], promoting: Bool = false,
        _ makeEdit: (HTTPRoute, RuleBinding) throws -> HTTPRouteEdit
    ) async throws -> [String: Int] {
        var located: (route: String, rule: String)?
        do {
            let (binding, edit) = try await GuardedPatch.retrying {
                let (route, binding) = try await locate(experiment)
                located = (route.reference, binding.ruleLabel)
                let edit = try makeEdit(route, binding)
                if !edit.isEmpty {
                    let version = try await apiVersion()
                    _ = try await client.patch(.httpRoute(version), namespace: route.namespace, name: route.name, patch: edit.jsonPatch)
                }
                return (binding, edit)
            }
            return try await verify(experiment, expected: expected, promoting: promoting, binding: binding, edit: edit)
        } catch let error as KubeError {  // only the patch throws it unwrapped
            throw GatewayAPIError(
                .kubernetes, "patching the weights failed", httpRoute: located?.route, rule: located?.rule,
                cause: String(describing: error))
        }
    }

    /// Reads the HTTPRoute back and checks the split. After the promotion of an A/B rule that rule is gone, so the
    /// check is that `spec.rules` reads back exactly as the edit made it.
    private func verify(
        _ experiment: Experiment, expected: [String: Int], promoting: Bool, binding: RuleBinding, edit: HTTPRouteEdit
    ) async throws -> [String: Int] {
        if promoting && binding.hasHeaderMatches {
            let version = try await apiVersion()
            let name = edit.object["metadata"]?["name"]?.stringValue ?? ""
            let namespace = edit.object["metadata"]?["namespace"]?.stringValue
            let object = try await kube("get HTTPRoute \(binding.httpRoute)", binding.httpRoute) {
                try await client.get(.httpRoute(version), namespace: namespace, name: name)
            }
            guard object["spec"]?["rules"] == edit.object["spec"]?["rules"] else {
                throw GatewayAPIError(
                    .verificationFailed, "spec.rules read back differs from the promoted rules (changed concurrently?)",
                    httpRoute: binding.httpRoute, rule: binding.ruleLabel)
            }
            return expected
        }
        let (route, after) = try await locate(experiment)
        let actual = try RuleEditor.currentSplit(of: route, binding: after)
        guard actual == expected else {
            let show = { (split: [String: Int]) in after.versions.map { "\($0)=\(split[$0] ?? 0)" }.joined(separator: ", ") }
            throw GatewayAPIError(
                .verificationFailed, "read back \(show(actual)) after applying \(show(expected))", httpRoute: route.reference,
                rule: after.ruleLabel)
        }
        return actual
    }

    private func kube<T>(_ what: String, _ reference: String?, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KubeError {
            throw GatewayAPIError(.kubernetes, "\(what) failed", httpRoute: reference, cause: error.description)
        }
    }
}
