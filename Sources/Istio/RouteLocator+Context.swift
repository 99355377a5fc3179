import Experiments

extension RouteLocator {
    /// The VirtualService being searched and the DestinationRules that define its subsets.
    struct Context {
        var virtualService: VirtualService
        var destinationRules: [DestinationRule]?

        var reference: String { virtualService.reference }
        var namespace: String? { virtualService.namespace }

        /// Maps every version to exactly one destination of `route`, or fails naming the first problem.
        func map(_ versions: [String], selectors: [String: Selector], in route: HTTPRoute) -> Result<[String: Int], IstioError> {
            var mapping: [String: Int] = [:]
            var owner: [Int: String] = [:]
            for version in versions {
                guard let selector = selectors[version] else { continue }
                var matches = route.destinations.filter { matchesSelector($0, selector.destination) }
                if matches.isEmpty && selector.isDefault {
                    matches = route.destinations.filter { labelledSubset($0, version: version) }
                }
                let wanted = describe(selector.destination)
                guard let destination = matches.first else {
                    let present = route.destinations.map(\.label).joined(separator: ", ")
                    return .failure(
                        IstioError(
                            .destinationNotFound, "no destination matches \(wanted) (destinations: \(present.isEmpty ? "none" : present))",
                            virtualService: reference, route: route.label, version: version))
                }
                guard matches.count == 1 else {
                    return .failure(
                        IstioError(
                            .ambiguousDestination,
                            "\(matches.count) destinations match \(wanted): \(matches.map(\.label).joined(separator: ", ")); "
                                + "name the host and subset in spec.routing.destinations",
                            virtualService: reference, route: route.label, version: version))
                }
                if let other = owner[destination.index] {
                    return .failure(
                        IstioError(
                            .ambiguousDestination,
                            "destination \(destination.label) matches both \(other) and \(version); "
                                + "name the host and subset in spec.routing.destinations",
                            virtualService: reference, route: route.label, version: version))
                }
                owner[destination.index] = version
                mapping[version] = destination.index
            }
            return .success(mapping)
        }

        /// Checks subsets and unassigned destinations, and finds the default route of a route with matches.
        func binding(route: HTTPRoute, versions: [String], mapping: [String: Int]) throws -> RouteBinding {
            let destinations = route.destinations
            for version in versions {
                guard let index = mapping[version] else { continue }
                try checkSubset(destinations[index], route: route, version: version)
            }
            let assigned = Set(mapping.values)
            let unassigned = destinations.map(\.index).filter { !assigned.contains($0) }
            for index in unassigned where (destinations[index].weight ?? 0) != 0 {
                throw IstioError(
                    .unassignedDestination,
                    "destination \(destinations[index].label) belongs to no version but has weight "
                        + "\(destinations[index].weight ?? 0); a split over the versions would take its traffic away",
                    virtualService: reference, route: route.label)
            }
            var defaultRoute: Int?
            if !route.match.isEmpty {
                defaultRoute = virtualService.http.first { $0.index > route.index && $0.match.isEmpty }?.index
            }
            return RouteBinding(
                virtualService: reference, routeIndex: route.index, routeName: route.name, versions: versions,
                destinations: mapping, unassigned: unassigned, hasMatch: !route.match.isEmpty, defaultRouteIndex: defaultRoute)
        }

        /// A destination's subset must be defined by a DestinationRule for its host (when rules are given).
        func checkSubset(_ destination: RouteDestination, route: HTTPRoute, version: String) throws {
            guard let rules = destinationRules, let subset = destination.subset else { return }
            let host = destination.host ?? ""
            let applicable = rules.filter { $0.applies(to: host, namespace: namespace) }
            guard !applicable.isEmpty else {
                throw IstioError(
                    .subsetNotFound, "subset \(subset) of host \(host) is used, but no DestinationRule has host \(host)",
                    virtualService: reference, route: route.label, version: version)
            }
            guard applicable.contains(where: { $0.subsets.contains { $0.name == subset } }) else {
                let known = applicable.flatMap { $0.subsets.map(\.name) }
                throw IstioError(
                    .subsetNotFound,
                    "subset \(subset) is missing from DestinationRule \(applicable.map { VirtualService.reference(of: $0.object) }.joined(separator: ", "))"
                        + " (subsets: \(known.isEmpty ? "none" : known.joined(separator: ", ")))",
                    virtualService: reference, route: route.label, version: version)
            }
        }

        func matchesSelector(_ destination: RouteDestination, _ selector: VirtualServiceRoute.Destination) -> Bool {
            if let subset = selector.subset, destination.subset != subset { return false }
            if let host = selector.host {
                guard let actual = destination.host, IstioHost.same(actual, namespace: namespace, host, namespace: namespace) else {
                    return false
                }
            }
            return selector.subset != nil || selector.host != nil
        }

        /// True when the destination's subset is labelled `version: <version>` in a rule for its host.
        func labelledSubset(_ destination: RouteDestination, version: String) -> Bool {
            guard let rules = destinationRules, let subset = destination.subset, let host = destination.host else { return false }
            return rules.contains { rule in
                rule.applies(to: host, namespace: namespace)
                    && rule.subsets.contains { $0.name == subset && $0.labels["version"] == version }
            }
        }

        func describe(_ selector: VirtualServiceRoute.Destination) -> String {
            switch (selector.host, selector.subset) {
            case let (host?, subset?): "host \(host) subset \(subset)"
            case let (host?, nil): "host \(host)"
            case let (nil, subset?): "subset \(subset)"
            case (nil, nil): "an empty selector"
            }
        }
    }
}
