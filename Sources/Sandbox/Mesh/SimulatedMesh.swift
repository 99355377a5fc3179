import Experiments
import Foundation
import Kubernetes

/// A simulated Istio mesh over a ``SandboxStore``: every simulated second it sends
/// ``MeshConfiguration/requestsPerSecond`` requests to each VirtualService host and to each Service a Gateway API
/// HTTPRoute attaches to (GAMMA: a `parentRef` of kind Service; such a Service's host is the HTTPRoute's, not a
/// VirtualService's), routes them by the live VirtualService (header matches, weights, DestinationRule subsets,
/// Service selectors) or HTTPRoutes (header matches, rule precedence, `backendRefs` weights, the backend Services'
/// selectors; see ``MeshHTTPRoute``) to ready Deployments, and records Istio's standard metrics with the workload's
/// latency, error rate and business events (see ``WorkloadProfile``). HTTPRoutes it cannot take are ignored, with
/// the reason (``ignoredHTTPRoutes()``).
///
/// A second's traffic is drawn as aggregates from the distributions the individual requests would follow, so a
/// second costs O(routes), not O(requests): the tagged requests are binomial, the split over a route's
/// destinations and over a destination's ready workloads multinomial, the failures binomial, the latency
/// bucket counts multinomial over the log-normal's bucket probabilities and their sum normal with the
/// per-bucket conditional mean and variance (see ``LatencyDistribution``), the business events binomial. The
/// mesh mirrors the routing objects in a ``MeshTopology`` index that it updates from the store's changes.
///
/// Time is injected: tests call ``advance(simulatedSeconds:)``; ``run(tick:)`` drives it from the real clock
/// at ``MeshConfiguration/timeScale``. The mesh has a clock of its own: ``now`` is ``epoch`` plus the whole
/// simulated seconds elapsed, and it keeps one snapshot of its metrics per simulated second
/// (``MeshConfiguration/historySeconds`` of them), which ``query(_:at:)`` evaluates PromQL against; the
/// ``MeshMetricsServer`` serves that as Prometheus' `/api/v1/query`.
///
/// ```swift
/// let mesh = SimulatedMesh(store: server.store, configuration: .init(requestsPerSecond: 100, seed: 7))
/// try await mesh.advance(simulatedSeconds: 60)
/// let text = await mesh.metrics.exposition()
/// ```
public actor SimulatedMesh {
    /// The store whose objects shape traffic.
    public let store: SandboxStore
    /// How traffic is generated.
    public let configuration: MeshConfiguration
    /// Everything recorded so far.
    public private(set) var metrics = MeshMetrics()
    /// The real-world date of simulated second 0 (``MeshConfiguration/epoch``).
    public nonisolated let epoch: Date
    /// The simulated clock: ``epoch`` plus the whole simulated seconds elapsed (`metrics.simulatedSeconds`;
    /// a pending fraction of a second does not count). Every simulated second's traffic is recorded at the
    /// end of that second, so the metrics at `now` are ``metrics``.
    public var now: Date { epoch.addingTimeInterval(Double(metrics.simulatedSeconds)) }
    private var history: MeshHistory
    private var generator: SeededGenerator
    private var pendingSeconds: Double = 0
    private var topology: MeshTopology
    /// The store's resourceVersion ``topology`` reflects (nil: not read yet).
    private var topologyVersion: Int64?
    private var plan: MeshTrafficPlan?
    private var latencies: [MeshTrafficPlan.LatencyKey: LatencyDistribution] = [:]

    /// Creates a mesh over `store`; nothing happens until time advances.
    public init(store: SandboxStore, configuration: MeshConfiguration = MeshConfiguration()) {
        self.store = store
        self.configuration = configuration
        self.generator = SeededGenerator(seed: configuration.seed)
        self.epoch = configuration.epoch
        self.history = MeshHistory(limit: configuration.historySeconds)
        self.topology = MeshTopology(testHeader: configuration.testHeader)
    }

    /// Evaluates a PromQL instant query (the subset ``QueryParser`` reads) against the kept snapshots at
    /// `time` (nil: ``now``), in simulated time: see ``QueryEvaluator`` for how `increase` differs from
    /// Prometheus (exact differences of the snapshots, no extrapolation).
    ///
    /// - Throws: ``MeshQueryError``: `bad_data` for a syntax error or an unsupported construct (naming its
    ///   position), `execution` when evaluation fails.
    public func query(_ query: String, at time: Date? = nil) throws(MeshQueryError) -> MeshQueryValue {
        let expression = try QueryParser.parse(query)
        let evaluator = QueryEvaluator(history: history, epoch: epoch.timeIntervalSince1970)
        return try evaluator.evaluate(expression, at: (time ?? now).timeIntervalSince1970)
    }

    /// ``metrics`` in Prometheus text format; with `stamped`, every sample carries ``now`` (see
    /// ``MeshMetrics/exposition(timestamp:)``). One actor call, so the values and the stamp agree.
    public func exposition(stamped: Bool = false) -> String {
        metrics.exposition(timestamp: stamped ? now : nil)
    }

    /// Advances simulated time; every whole simulated second reached sends one second of traffic, routed by
    /// the objects in the store at that moment. Fractions carry over to the next call.
    ///
    /// - Throws: nothing today (reading the store cannot fail); kept so callers need not change if it can.
    public func advance(simulatedSeconds: Double) async throws {
        guard simulatedSeconds > 0, simulatedSeconds.isFinite else { return }
        pendingSeconds += simulatedSeconds
        while pendingSeconds >= 1 {
            pendingSeconds -= 1
            simulateSecond(try await currentPlan())
        }
    }

    /// The HTTPRoutes in the store that route nothing, by `namespace/name`, with the reason: one a real API server
    /// would refuse (a field of the wrong type, a header condition of an unknown type or with a regular expression
    /// that does not compile, a weight outside 0...1,000,000), one with no Service among its `parentRefs` (a
    /// Gateway's route, not the mesh's), or one none of whose parent Services exists.
    ///
    /// - Throws: nothing today, like ``advance(simulatedSeconds:)``.
    public func ignoredHTTPRoutes() async throws -> [String: String] {
        var result: [String: String] = [:]
        for (name, reason) in try await currentPlan().ignoredHTTPRoutes {
            result["\(name.namespace)/\(name.name)"] = reason
        }
        return result
    }

    /// Advances simulated time by `realSeconds` × ``MeshConfiguration/timeScale``.
    public func advance(realSeconds: Double) async throws {
        try await advance(simulatedSeconds: realSeconds * configuration.timeScale)
    }

    /// Drives the mesh from the real clock, checking every `tick`, until the task is cancelled.
    public func run(tick: Duration = .milliseconds(100)) async {
        let clock = ContinuousClock()
        var last = clock.now
        while !Task.isCancelled {
            do { try await Task.sleep(for: tick, clock: clock) } catch { return }
            let now = clock.now
            let elapsed = last.duration(to: now)
            last = now
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            try? await advance(realSeconds: seconds)  // listing a served kind cannot fail
        }
    }

    /// The plan for the store as it is now: the store's changes since the last call applied to the topology, and
    /// the plan rebuilt if any of them mattered.
    private func currentPlan() async throws -> MeshTrafficPlan {
        let feed = await store.mirrorFeed(of: MeshTopology.resources, after: topologyVersion)
        if feed.complete { topology.removeAll() }
        for change in feed.changes { topology.apply(change) }
        topologyVersion = feed.resourceVersion
        if let plan, plan.generation == topology.generation, !feed.complete { return plan }
        let fresh = MeshTrafficPlan(topology, latencies: &latencies)
        plan = fresh
        return fresh
    }

    private func simulateSecond(_ plan: MeshTrafficPlan) {
        metrics.simulatedSeconds += 1
        defer { history.record(metrics) }
        let perHost = max(0, configuration.requestsPerSecond)
        for entry in plan.entries {
            let (product, overflow) = perHost.multipliedReportingOverflow(by: entry.hosts)
            let requests = overflow ? Int.max : product
            let tagged = MeshSampling.binomial(requests, configuration.testHeaderShare, using: &generator)
            for (route, count) in zip(entry.routes, [requests - tagged, tagged]) where count > 0 {
                guard let route else {
                    metrics.unroutedRequests += count
                    continue
                }
                let split =
                    route.targets.count == 1 ? [count] : MeshSampling.multinomial(count, weights: route.weights, using: &generator)
                for (target, share) in zip(route.targets, split) where share > 0 {
                    send(share, to: target)
                }
            }
        }
    }

    /// `count` requests to one destination, spread uniformly over its ready workloads.
    private func send(_ count: Int, to target: MeshTrafficPlan.Target) {
        let endpoints = target.endpoints
        guard !endpoints.isEmpty else {
            metrics.unroutedRequests += count
            return
        }
        let split =
            endpoints.count == 1
            ? [count] : MeshSampling.multinomial(count, weights: Array(repeating: 1, count: endpoints.count), using: &generator)
        for (endpoint, share) in zip(endpoints, split) where share > 0 {
            record(share, at: endpoint)
        }
    }

    /// `count` requests served by one workload: failures, latencies and business events drawn in aggregate.
    private func record(_ count: Int, at endpoint: MeshTrafficPlan.Endpoint) {
        let profile = endpoint.profile
        let failures = MeshSampling.binomial(count, profile.errorRate, using: &generator)
        let successes = count - failures
        for (key, requests) in [(endpoint.succeeded, successes), (endpoint.failed, failures)] where requests > 0 {
            let (buckets, sum) = endpoint.latency.draw(requests, using: &generator)
            metrics.series[key, default: MeshMetrics.Series()].add(count: requests, buckets: buckets, milliseconds: sum)
        }
        // Every workload that served a request exports its counter (0 included), so queries see 0, not no data.
        var events = 0
        if successes > 0, profile.rewardPerRequest > 0 {
            let whole = min(profile.rewardPerRequest.rounded(.down), 1e6)  // cannot trap on an absurd annotation
            let fraction = min(1, profile.rewardPerRequest - whole)
            events = successes * Int(whole) + MeshSampling.binomial(successes, fraction, using: &generator)
        }
        metrics.rewards[endpoint.reward, default: 0] += events
    }
}
