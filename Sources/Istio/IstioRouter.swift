import Experiments
import Kubernetes
import Routing

/// The ``TrafficRouter`` for Istio: reads the live VirtualService (and the DestinationRules of its
/// namespace), locates the experiment's route with ``RouteLocator``, patches only the weights with a JSON
/// patch whose `test` operations guard the old values, and verifies by reading the object back.
///
/// The `networking.istio.io` version is discovered once (``apiVersion()``): v1 when served, else v1beta1,
/// else v1alpha3. A patch rejected because the object changed meanwhile (409, or a failed `test`, 422) is
/// retried on a fresh read, at most twice.
///
/// Every read of the split reads the objects, but the route is located again only when what it was located
/// from changed (``LocatedRoute``): the experiment's routing or versions, the VirtualService's `uid` or
/// `resourceVersion`, or those of the DestinationRules consulted.
public actor IstioRouter: TrafficRouter {
    /// The Istio networking API group.
    public static let group = "networking.istio.io"
    /// Versions this router speaks, preferred first.
    public static let supportedVersions = ["v1", "v1beta1", "v1alpha3"]

    private let client: any KubernetesClient
    private var discovered: String?
    /// The DestinationRules of a namespace as last listed, indexed by qualified host; reused while the listing is
    /// the same (a caching client returns the same array, which compares equal at once).
    private var ruleIndexes: [String: (listed: [JSONValue], byHost: [String: [DestinationRule]])] = [:]
    /// The route last located for each experiment, by `namespace/name`; entries of experiments the reconciler
    /// no longer knows are dropped (``forgetExperiments(except:)``).
    private(set) var located: [String: LocatedRoute] = [:]
    /// How many times a route was located (``RouteLocator`` ran) rather than reused, since the router was made.
    public private(set) var locateCount = 0

    /// Creates a router over `client`.
    public init(client: any KubernetesClient) {
        self.client = client
    }

    /// The `networking.istio.io` version to use, discovered from the server on first use.
    ///
    /// - Throws: ``IstioError`` (`unsupportedAPIVersion`) when the server serves none of v1, v1beta1, v1alpha3.
    public func apiVersion() async throws -> String {
        if let discovered { return discovered }
        let served = try await kube("discover \(Self.group)") { try await client.servedVersions(ofGroup: Self.group) }
        guard let version = Self.supportedVersions.first(where: served.contains) else {
            throw IstioError(
                .unsupportedAPIVersion,
                "the server serves \(Self.group) \(served.isEmpty ? "in no version" : served.joined(separator: ", ")); "
                    + "this router speaks \(Self.supportedVersions.joined(separator: ", "))")
        }
        discovered = version
        return version
    }

    /// The live VirtualService and the located route of `experiment`.
    public func locate(_ experiment: Experiment) async throws -> (VirtualService, RouteBinding) {
        guard let target = try RouteLocator.target(routing: experiment.routing, versions: experiment.versions) else {
            throw IstioError(.routeNotFound, "experiment \(experiment.namespace)/\(experiment.name) moves no traffic (no routing)")
        }
        let version = try await apiVersion()
        let object = try await kube("get VirtualService \(target.namespace)/\(target.name)", target) {
            try await client.get(.virtualService(version), namespace: target.namespace, name: target.name)
        }
        let versions = experiment.versions
        let key = "\(experiment.namespace)/\(experiment.name)"
        let last = located[key].flatMap { $0.holds(routing: experiment.routing, versions: versions, object: object) ? $0 : nil }
        let virtualService = try last == nil ? VirtualService(object) : VirtualService(validated: object)
        let listed = try await kube("list DestinationRules in \(target.namespace)", target) {
            try await client.list(.destinationRule(version), namespace: target.namespace, labelSelector: nil)
        }
        let hosts = last?.hosts ?? Self.destinationHosts(of: virtualService)
        let rules = destinationRules(listed, namespace: target.namespace, hosts: hosts)
        if var hit = last, hit.consulted(rules) {
            // Keep what was just read: after a listing is fetched again, the old copies can go.
            (hit.object, hit.virtualService, hit.rules) = (object, virtualService, rules)
            located[key] = hit
            return (virtualService, hit.binding)
        }
        locateCount += 1
        let binding = try RouteLocator.locate(routing: experiment.routing, versions: versions, in: virtualService, destinationRules: rules)
        located[key] = LocatedRoute(
            routing: experiment.routing, versions: versions, object: object, hosts: hosts, rules: rules, virtualService: virtualService,
            binding: binding)
        return (virtualService, binding)
    }

    /// Forgets the routes located for experiments other than `live` (`namespace/name`).
    public func forgetExperiments(except live: Set<String>) async {
        guard located.keys.contains(where: { !live.contains($0) }) else { return }
        located = located.filter { live.contains($0.key) }
    }

    /// The qualified hosts of the VirtualService's destinations, each once, in order.
    static func destinationHosts(of virtualService: VirtualService) -> [String] {
        var hosts: [String] = []
        for route in virtualService.http {
            for destination in route.destinations {
                let host = IstioHost.qualified(destination.host ?? "", namespace: virtualService.namespace)
                if !hosts.contains(host) { hosts.append(host) }
            }
        }
        return hosts
    }

    /// The rules of `listed` whose host is one of `hosts` (a VirtualService's destinations, qualified), in listed
    /// order: the only ones the locator's subset checks consult (a rule applies to a destination when their
    /// qualified hosts are equal). A malformed rule defines no subsets and is left out; the subset check reports
    /// what it misses.
    private func destinationRules(_ listed: [JSONValue], namespace: String, hosts: [String]) -> [DestinationRule] {
        let index: [String: [DestinationRule]]
        if let cached = ruleIndexes[namespace], cached.listed == listed {
            index = cached.byHost
            // Equal but another array (a listing fetched again): keep the new one, so the next comparison is by
            // identity and costs nothing.
            ruleIndexes[namespace] = (listed, cached.byHost)
        } else {
            var byHost: [String: [DestinationRule]] = [:]
            for rule in listed.compactMap({ try? DestinationRule($0) }) {
                byHost[IstioHost.qualified(rule.host, namespace: rule.namespace), default: []].append(rule)
            }
            ruleIndexes[namespace] = (listed, byHost)
            index = byHost
        }
        if hosts.count == 1 { return index[hosts[0]] ?? [] }
        let wanted = Set(hosts)
        return listed.compactMap { try? DestinationRule($0) }.filter {
            wanted.contains(IstioHost.qualified($0.host, namespace: $0.namespace))
        }
    }

    /// The split on the live route, by version.
    public func currentSplit(for experiment: Experiment) async throws -> [String: Int] {
        let (virtualService, binding) = try await locate(experiment)
        return try RouteEditor.currentSplit(of: virtualService, binding: binding)
    }

    /// Patches the weights to `split` (JSON patch with `test`s) and returns the split read back.
    @discardableResult
    public func apply(_ split: [String: Int], for experiment: Experiment) async throws -> [String: Int] {
        try await patchAndVerify(experiment, expected: split) { virtualService, binding in
            try RouteEditor.split(split, binding: binding, in: virtualService)
        }
    }

    /// Gives all traffic to `winner` (see ``RouteEditor/promotion(to:binding:in:)``), verified by reading back.
    @discardableResult
    public func promote(_ winner: String, for experiment: Experiment) async throws -> [String: Int] {
        var expected: [String: Int] = [:]
        for version in experiment.versions { expected[version.name] = version.name == winner ? 100 : 0 }
        return try await patchAndVerify(experiment, expected: expected, promoting: true) { virtualService, binding in
            try RouteEditor.promotion(to: winner, binding: binding, in: virtualService)
        }
    }

    /// Locates, edits and patches (``Routing/GuardedPatch``: again on a fresh read when the object changed
    /// meanwhile), then verifies by reading back.
    private func patchAndVerify(
        _ experiment: Experiment, expected: [String: Int], promoting: Bool = false,
        _ makeEdit: (VirtualService, RouteBinding) throws -> VirtualServiceEdit
    ) async throws -> [String: Int] {
        var located: (virtualService: String, route: String)?
        do {
            let (binding, edit) = try await GuardedPatch.retrying {
                let (virtualService, binding) = try await locate(experiment)
                located = (virtualService.reference, binding.routeLabel)
                let edit = try makeEdit(virtualService, binding)
                if !edit.isEmpty {
                    let version = try await apiVersion()
                    _ = try await client.patch(
                        .virtualService(version), namespace: virtualService.namespace, name: virtualService.name,
                        patch: edit.jsonPatch)
                }
                return (binding, edit)
            }
            return try await verify(experiment, expected: expected, promoting: promoting, binding: binding, edit: edit)
        } catch let error as KubeError {  // only the patch throws it unwrapped
            throw IstioError(
                .kubernetes, "patching the weights failed", virtualService: located?.virtualService, route: located?.route,
                cause: String(describing: error))
        }
    }

    /// Reads the VirtualService back and checks the split. After the promotion of an A/B route that route is
    /// gone, so the check is that `spec.http` reads back exactly as the edit made it.
    private func verify(
        _ experiment: Experiment, expected: [String: Int], promoting: Bool, binding: RouteBinding, edit: VirtualServiceEdit
    ) async throws -> [String: Int] {
        if promoting && binding.hasMatch {
            let version = try await apiVersion()
            let name = edit.object["metadata"]?["name"]?.stringValue ?? ""
            let namespace = edit.object["metadata"]?["namespace"]?.stringValue
            let object = try await kube("get VirtualService \(binding.virtualService)") {
                try await client.get(.virtualService(version), namespace: namespace, name: name)
            }
            guard object["spec"]?["http"] == edit.object["spec"]?["http"] else {
                throw IstioError(
                    .verificationFailed, "spec.http read back differs from the promoted routes (changed concurrently?)",
                    virtualService: binding.virtualService, route: binding.routeLabel)
            }
            return expected
        }
        let (virtualService, after) = try await locate(experiment)
        let actual = try RouteEditor.currentSplit(of: virtualService, binding: after)
        guard actual == expected else {
            let show = { (split: [String: Int]) in after.versions.map { "\($0)=\(split[$0] ?? 0)" }.joined(separator: ", ") }
            throw IstioError(
                .verificationFailed, "read back \(show(actual)) after applying \(show(expected))",
                virtualService: virtualService.reference, route: after.routeLabel)
        }
        return actual
    }

    private func kube<T>(_ what: String, _ target: (name: String, namespace: String)? = nil, _ body: () async throws -> T)
        async throws -> T
    {
        do {
            return try await body()
        } catch let error as KubeError {
            throw IstioError(
                .kubernetes, "\(what) failed", virtualService: target.map { "\($0.namespace)/\($0.name)" },
                cause: error.description)
        }
    }
}
