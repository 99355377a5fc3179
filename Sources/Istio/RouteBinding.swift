import Routing

/// Where an experiment's versions are in a VirtualService: one HTTP route, and per version the index of
/// its destination in that route. Made by ``RouteLocator``; every ambiguity was an error on the way.
public struct RouteBinding: Hashable, Sendable {
    /// `namespace/name` of the VirtualService.
    public var virtualService: String
    /// Index of the route in `spec.http`.
    public var routeIndex: Int
    /// The route's `name`, if it has one.
    public var routeName: String?
    /// Version names, baseline first.
    public var versions: [String]
    /// Per version, the index of its destination in the route's `route` list.
    public var destinations: [String: Int]
    /// Destinations of the route that belong to no version; they carry weight 0 and keep it.
    public var unassigned: [Int]
    /// Whether the route has `match` clauses (an A/B route that carries only the matching traffic).
    public var hasMatch: Bool
    /// For a route with `match` clauses: the first later route without any, which takes all other traffic.
    public var defaultRouteIndex: Int?

    /// Creates a binding.
    public init(
        virtualService: String, routeIndex: Int, routeName: String?, versions: [String], destinations: [String: Int],
        unassigned: [Int] = [], hasMatch: Bool = false, defaultRouteIndex: Int? = nil
    ) {
        self.virtualService = virtualService
        self.routeIndex = routeIndex
        self.routeName = routeName
        self.versions = versions
        self.destinations = destinations
        self.unassigned = unassigned
        self.hasMatch = hasMatch
        self.defaultRouteIndex = defaultRouteIndex
    }

    /// `name`, or `http[i]` for an unnamed route.
    public var routeLabel: String { routeName ?? "http[\(routeIndex)]" }

    /// The pointer to the route.
    var routePointer: ValuePath { ["spec", "http", .index(routeIndex)] }

    /// The pointer to `version`'s destination entry in the route.
    func destinationPointer(of version: String) -> ValuePath? {
        destinations[version].map { routePointer.appending("route").appending(.index($0)) }
    }

    /// The JSON pointer to `version`'s `weight`, e.g. `/spec/http/0/route/1/weight`.
    public func weightPointer(of version: String) -> String? {
        destinationPointer(of: version)?.appending("weight").description
    }
}
