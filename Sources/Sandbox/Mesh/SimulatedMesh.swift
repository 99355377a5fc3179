import Experiments
import Foundation
import Kubernetes

/// A simulated Istio mesh over a ``SandboxStore``: every simulated second it sends
/// ``MeshConfiguration/requestsPerSecond`` requests to each VirtualService host, routes each one by the live
/// VirtualService (header matches, weights, DestinationRule subsets, Service selectors) to a ready Deployment,
/// and records Istio's standard metrics with the workload's latency, error rate and business events
/// (see ``WorkloadProfile``).
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

    /// Creates a mesh over `store`; nothing happens until time advances.
    public init(store: SandboxStore, configuration: MeshConfiguration = MeshConfiguration()) {
        self.store = store
        self.configuration = configuration
        self.generator = SeededGenerator(seed: configuration.seed)
        self.epoch = configuration.epoch
        self.history = MeshHistory(limit: configuration.historySeconds)
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
    /// - Throws: ``APIStatus`` if the store cannot list a kind (it always can).
    public func advance(simulatedSeconds: Double) async throws {
        guard simulatedSeconds > 0, simulatedSeconds.isFinite else { return }
        pendingSeconds += simulatedSeconds
        while pendingSeconds >= 1 {
            pendingSeconds -= 1
            let topology = try await MeshTopology.read(from: store)
            simulateSecond(topology)
        }
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

    private func simulateSecond(_ topology: MeshTopology) {
        metrics.simulatedSeconds += 1
        defer { history.record(metrics) }
        let header = configuration.testHeader
        for virtualService in topology.virtualServices {
            let namespace = virtualService["metadata"]?["namespace"]?.stringValue ?? "default"
            for _ in virtualService["spec"]?["hosts"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                for _ in 0..<max(0, configuration.requestsPerSecond) {
                    let tagged = Sampling.bernoulli(configuration.testHeaderShare, using: &generator)
                    send(virtualService, namespace: namespace, headers: tagged ? [header.name: header.value] : [:],
                        topology: topology)
                }
            }
        }
    }

    private func send(_ virtualService: JSONValue, namespace: String, headers: [String: String], topology: MeshTopology) {
        guard let destination = MeshRouter.route(virtualService, headers: headers, using: &generator) else {
            metrics.unroutedRequests += 1
            return
        }
        let ready = topology.workloads(host: destination.host, subset: destination.subset, namespace: namespace)
            .filter(\.ready)
        guard !ready.isEmpty else {
            metrics.unroutedRequests += 1
            return
        }
        let workload = ready.count == 1 ? ready[0] : ready[Int(generator.next() % UInt64(ready.count))]
        let profile = workload.profile
        let failed = Sampling.bernoulli(profile.errorRate, using: &generator)
        let sigma = profile.latencySigma
        let mu = log(profile.meanLatencyMilliseconds) - sigma * sigma / 2
        let latency = exp(mu + sigma * Sampling.standardNormal(using: &generator))
        let service = MeshTopology.fullyQualified(MeshTopology.service(host: destination.host, defaultNamespace: namespace))
        let key = MeshMetrics.SeriesKey(
            workload: workload.name, namespace: workload.namespace, service: service, version: workload.version,
            responseCode: failed ? 500 : 200)
        metrics.series[key, default: MeshMetrics.Series()].record(milliseconds: latency)
        // Every workload that served a request exports its counter (0 included), so queries see 0, not no data.
        var events = 0
        if !failed, profile.rewardPerRequest > 0 {
            let whole = profile.rewardPerRequest.rounded(.down)
            events = Int(whole) + (Sampling.bernoulli(profile.rewardPerRequest - whole, using: &generator) ? 1 : 0)
        }
        let rewardKey = MeshMetrics.RewardKey(
            metric: profile.rewardMetric, workload: workload.name, namespace: workload.namespace)
        metrics.rewards[rewardKey, default: 0] += events
    }
}
