import Foundation

/// Where a simulated second's requests go, resolved from a ``MeshTopology``: per VirtualService and per Service an
/// HTTPRoute attaches to, per request class (without and with the test header), the weighted destinations and the
/// ready workloads behind each, with their series keys and latency distributions ready. Rebuilt only when the
/// topology changes.
struct MeshTrafficPlan: Sendable {
    /// A ready workload behind a destination.
    struct Endpoint: Sendable {
        var profile: WorkloadProfile
        var latency: LatencyDistribution
        /// The request series of its successes (200) and failures (500).
        var succeeded: MeshMetrics.SeriesKey
        var failed: MeshMetrics.SeriesKey
        var reward: MeshMetrics.RewardKey
    }

    /// One destination of a route: its ready workloads (empty: the requests are unrouted).
    struct Target: Sendable {
        var endpoints: [Endpoint]
    }

    /// The accepting route of one request class.
    struct Route: Sendable {
        var weights: [Double]
        var targets: [Target]
    }

    /// One VirtualService (every host not taken by an HTTPRoute gets the configured requests per second), or one
    /// Service that HTTPRoutes take.
    struct Entry: Sendable {
        var hosts: Int
        /// Index 0: requests without the test header; 1: with it. Nil: no route accepts them.
        var routes: [Route?]
    }

    /// The VirtualServices in namespace/name order, then the Services HTTPRoutes take in namespace/name order.
    var entries: [Entry]
    /// The HTTPRoutes the mesh ignores, with the reason.
    var ignoredHTTPRoutes: [MeshTopology.Name: String]
    /// The ``MeshTopology/generation`` it was built from.
    var generation: Int

    /// The plan for `topology`; `latencies` caches the bucket tables by mean and σ across rebuilds.
    init(_ topology: MeshTopology, latencies: inout [LatencyKey: LatencyDistribution]) {
        generation = topology.generation
        let routed = Self.httpRouteEntries(topology, &latencies)
        ignoredHTTPRoutes = routed.ignored
        entries = topology.virtualServiceNames.compactMap { name in
            guard let virtualService = topology.virtualServices[name] else { return nil }
            // A host whose Service an HTTPRoute takes is routed by the HTTPRoute.
            let hosts =
                routed.services.isEmpty
                ? virtualService.hosts.count
                : virtualService.hosts.count(where: { host in
                    let service = MeshTopology.service(host: host, defaultNamespace: virtualService.namespace)
                    return !routed.services.contains(MeshTopology.Name(namespace: service.namespace, name: service.name))
                })
            guard hosts > 0 else { return nil }
            let routes = virtualService.routes.map { route in
                route.map { destinations in
                    Route(
                        weights: destinations.map(\.weight),
                        targets: destinations.map { entry in
                            Self.target(entry.destination, namespace: virtualService.namespace, topology, &latencies)
                        })
                }
            }
            return Entry(hosts: hosts, routes: routes)
        } + routed.entries
    }

    /// The key of a cached ``LatencyDistribution``.
    struct LatencyKey: Hashable, Sendable {
        var mean: Double
        var sigma: Double
    }

    private static func target(
        _ destination: MeshRouter.Destination, namespace: String, _ topology: MeshTopology,
        _ latencies: inout [LatencyKey: LatencyDistribution]
    ) -> Target {
        let service = MeshTopology.fullyQualified(MeshTopology.service(host: destination.host, defaultNamespace: namespace))
        let workloads = topology.workloads(host: destination.host, subset: destination.subset, namespace: namespace)
        return target(workloads, service: service, &latencies)
    }

    /// The ready ones of `workloads`, reached through `service` (fully qualified).
    static func target(
        _ workloads: [MeshWorkload], service: String, _ latencies: inout [LatencyKey: LatencyDistribution]
    ) -> Target {
        Target(endpoints: workloads.filter(\.ready).map { workload in
            let profile = workload.profile
            let key = LatencyKey(mean: profile.meanLatencyMilliseconds, sigma: profile.latencySigma)
            let latency = latencies[key] ?? LatencyDistribution(mean: key.mean, sigma: key.sigma)
            latencies[key] = latency
            func series(_ code: Int) -> MeshMetrics.SeriesKey {
                MeshMetrics.SeriesKey(
                    workload: workload.name, namespace: workload.namespace, service: service, version: workload.version,
                    responseCode: code)
            }
            return Endpoint(
                profile: profile, latency: latency, succeeded: series(200), failed: series(500),
                reward: MeshMetrics.RewardKey(metric: profile.rewardMetric, workload: workload.name, namespace: workload.namespace))
        })
    }
}
