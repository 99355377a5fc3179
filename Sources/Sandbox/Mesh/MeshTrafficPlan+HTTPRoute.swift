extension MeshTrafficPlan {
    /// What the HTTPRoutes make of the traffic: an entry per Service they take, and the routes ignored.
    struct HTTPRouteEntries {
        /// One entry per Service at least one HTTPRoute attaches to, in namespace/name order.
        var entries: [Entry]
        /// Those Services: their hosts are no VirtualService's.
        var services: Set<MeshTopology.Name>
        /// Every HTTPRoute the mesh ignores, with the reason.
        var ignored: [MeshTopology.Name: String]
    }

    /// The entries of the Services the compiled HTTPRoutes attach to (a GAMMA mesh routes the traffic sent to a
    /// Service by the HTTPRoutes whose `parentRefs` name it). For each request class the rule taking the requests is
    /// the one whose accepting match has the most header conditions; on a tie, the older route, then the route first
    /// by namespace and name, then the first rule in the route (Gateway API's precedence). Its backendRefs share the
    /// requests by weight, each backend's among the ready workloads its Service selects; a rule whose weights are all
    /// 0, or no accepting rule, leaves the requests unrouted. A route none of whose parent Services exists is ignored.
    static func httpRouteEntries(
        _ topology: MeshTopology, _ latencies: inout [LatencyKey: LatencyDistribution]
    ) -> HTTPRouteEntries {
        var ignored = topology.invalidHTTPRoutes
        var byParent: [MeshTopology.Name: [MeshHTTPRoute]] = [:]
        for (name, route) in topology.httpRoutes {
            let parents = route.parents.filter(topology.hasService)
            guard !parents.isEmpty else {
                let missing = route.parents.map { "\($0.namespace)/\($0.name)" }.joined(separator: ", ")
                ignored[name] = "spec.parentRefs: no parent Service exists (\(missing))"
                continue
            }
            for parent in parents { byParent[parent, default: []].append(route) }
        }
        var entries: [Entry] = []
        for parent in byParent.keys.sorted() {
            let routes = byParent[parent, default: []].sorted { ($0.created, $0.name) < ($1.created, $1.name) }
            let perClass = [0, 1].map { requestClass in
                route(taking: requestClass, of: routes, topology, &latencies)
            }
            entries.append(Entry(hosts: 1, routes: perClass))
        }
        return HTTPRouteEntries(entries: entries, services: Set(byParent.keys), ignored: ignored)
    }

    /// The route of `requestClass` through `routes` (in precedence order), nil when no rule accepts it or its
    /// weights are all 0.
    private static func route(
        taking requestClass: Int, of routes: [MeshHTTPRoute], _ topology: MeshTopology,
        _ latencies: inout [LatencyKey: LatencyDistribution]
    ) -> Route? {
        var best: (specificity: Int, rule: MeshHTTPRoute.Rule)?
        for route in routes {
            for rule in route.rules {
                guard let specificity = rule.specificity[requestClass] else { continue }
                if best.map({ specificity > $0.specificity }) ?? true { best = (specificity, rule) }
            }
        }
        let backends = (best?.rule.backends ?? []).filter { $0.weight > 0 }
        guard !backends.isEmpty else { return nil }
        return Route(
            weights: backends.map(\.weight),
            targets: backends.map { backend in
                guard let service = backend.service else { return Target(endpoints: []) }
                let host = MeshTopology.fullyQualified((service.name, service.namespace))
                return target(topology.workloads(service: service), service: host, &latencies)
            })
    }
}
