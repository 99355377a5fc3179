import Kubernetes
import Routing

/// Pure edits of a VirtualService for a located route: read the split, set a split (weights only), promote.
public enum RouteEditor {
    /// The weights now in force, by version. A destination without `weight` has 100 when it is the route's
    /// only destination and 0 otherwise (Istio's rule).
    ///
    /// - Throws: ``IstioError`` (`invalidObject`) for a weight outside 0–100, which Istio does not accept either:
    ///   whatever the live object says, the split handed on is one that arithmetic on weights can work with.
    public static func currentSplit(of virtualService: VirtualService, binding: RouteBinding) throws -> [String: Int] {
        let route = try self.route(binding, in: virtualService)
        let destinations = route.destinations
        var split: [String: Int] = [:]
        for version in binding.versions {
            guard let index = binding.destinations[version], destinations.indices.contains(index) else {
                throw IstioError(
                    .destinationNotFound, "the route no longer has the version's destination",
                    virtualService: binding.virtualService, route: binding.routeLabel, version: version)
            }
            let weight = destinations[index].weight ?? (destinations.count == 1 ? 100 : 0)
            guard (0...100).contains(weight) else {
                throw IstioError(
                    .invalidObject, "destination \(destinations[index].label) has weight \(weight), outside 0–100",
                    virtualService: binding.virtualService, route: binding.routeLabel, version: version)
            }
            split[version] = weight
        }
        return split
    }

    /// Checks that `split` gives every version of the binding (and nothing else) an integer weight 0–100,
    /// summing to 100.
    public static func validate(_ split: [String: Int], binding: RouteBinding) throws {
        guard let problem = SplitCheck.problem(split, versions: binding.versions) else { return }
        throw IstioError(
            .invalidSplit, problem.message, virtualService: binding.virtualService, route: binding.routeLabel,
            version: problem.version)
    }

    /// The edit that sets `split` on the route: only `weight` values change (a destination at 0 keeps
    /// `weight: 0`; a missing `weight` key is added).
    public static func split(_ split: [String: Int], binding: RouteBinding, in virtualService: VirtualService) throws
        -> VirtualServiceEdit
    {
        try validate(split, binding: binding)
        let route = try self.route(binding, in: virtualService)
        var builder = PatchBuilder()
        for version in binding.versions {
            guard let index = binding.destinations[version], route.destinations.indices.contains(index) else {
                throw IstioError(
                    .destinationNotFound, "the route no longer has the version's destination",
                    virtualService: binding.virtualService, route: binding.routeLabel, version: version)
            }
            let weight = split[version] ?? 0
            // A lone destination without a weight already gets everything.
            if route.destinations.count == 1 && route.destinations[index].weight == nil && weight == 100 { continue }
            builder.setWeight(weight, route: route, destination: index)
        }
        return try builder.edit(of: virtualService)
    }

    /// The route of `binding`, checked to still be the same route (same index and name).
    static func route(_ binding: RouteBinding, in virtualService: VirtualService) throws -> HTTPRoute {
        let routes = virtualService.http
        guard routes.indices.contains(binding.routeIndex), routes[binding.routeIndex].name == binding.routeName else {
            throw IstioError(
                .routeNotFound, "the route is no longer at http[\(binding.routeIndex)]; locate it again",
                virtualService: binding.virtualService, route: binding.routeLabel)
        }
        return routes[binding.routeIndex]
    }
}
