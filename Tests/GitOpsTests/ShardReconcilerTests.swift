import Experiments
import Foundation
import Git
import GitOps
import HTTPTransport
import Playground
import PromQL
import Synchronization
import Testing
import TestSupport

/// The reconciler with a ``ShardScope``: it works only on the experiments of the shards it holds — the others
/// are not advanced, not taken for deleted, their status files not rewritten — and the fence stops a push once
/// a shard the pass touched is lost.
@Suite("Reconciler: only the shards it holds")
struct ShardReconcilerTests {
    /// A scope holding fixed shards; its fence answers `permitting`.
    final class FixedScope: ShardScope, WriteFence {
        let shardMap: ShardMap
        let held: Set<Int>
        let permitting = Mutex(true)
        let touched = Mutex<[Set<Int>]>([])

        init(count: Int, held: Set<Int>) {
            shardMap = ShardMap(count: count)
            self.held = held
        }

        func grant() async -> ShardGrant { ShardGrant(held: held, acquiredSinceLastGrant: false) }
        func touching(_ shards: Set<Int>) async { touched.withLock { $0.append(shards) } }
        func permits(_ duration: Duration) async -> Bool { permitting.withLock { $0 } }
    }

    static let count = 4
    static let shard = ShardMap(count: count).shard(target: "bookinfo/reviews", key: "")

    /// A second reconciler on `harness`'s origin and cluster, with its own clone and `scope`.
    static func replica(_ harness: ReconcilerHarness, _ scope: FixedScope, name: String) async throws -> Reconciler {
        let playground = harness.playground
        let clone = harness.workspace.file("\(name).git").path
        let repository = try await LibGit2Repository.clone(GitRemote(url: harness.daemon.url), into: clone, bare: true)
        let environment = ClusterEnvironment.gated(
            client: playground.client,
            metrics: PrometheusMetricsSource(
                client: PrometheusClient(baseURL: playground.metricsServer.prometheusURL, transport: CurlTransport())),
            routing: StandardRouting.plugins, allowedNamespaces: nil, fence: scope)
        return Reconciler(
            repository: repository, environment: environment, configuration: playground.options.reconciler,
            clock: MeshClock(mesh: playground.mesh, timeScale: 1), logger: Playground.quietLogger, reports: ReportRenderer(),
            fence: scope, shards: scope)
    }

    @Test("a replica without the experiment's shard neither starts it nor, once it runs elsewhere, takes it for deleted")
    func otherShardsUntouched() async throws {
        let status = StatusPaths.status("experiments/reviews-canary")
        let harness = try await ReconcilerHarness.start(files: ["experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary")])
        defer { Task { await harness.stop() } }
        let otherScope = FixedScope(count: Self.count, held: Set(0..<Self.count).subtracting([Self.shard]))
        let ownerScope = FixedScope(count: Self.count, held: [Self.shard])
        let other = try await Self.replica(harness, otherScope, name: "other")
        let owner = try await Self.replica(harness, ownerScope, name: "owner")

        let idle = await other.pass()
        #expect(idle.failure == nil && idle.experiments.isEmpty)
        #expect(try await harness.originLog().count == 1)  // the seed only
        #expect(otherScope.touched.withLock { $0.last } == [])

        try await harness.playground.mesh.advance(simulatedSeconds: 10)
        let started = await owner.pass()
        #expect(started.experiments.map(\.key) == ["bookinfo/reviews-canary"])
        #expect(ownerScope.touched.withLock { $0.last } == [Self.shard])
        let running = try await harness.show(status)
        #expect(running.contains("phase: Running"))
        let weights = try await harness.liveWeights()

        // The spec is deleted: only the owner acts on it (rolls it back); the other leaves its status alone.
        try await harness.deleteFromAnotherWriter("experiments/reviews-canary.yaml")
        let head = try await harness.head()
        let ignored = await other.pass()
        #expect(ignored.failure == nil && ignored.experiments.isEmpty && ignored.pushedCommits.isEmpty)
        #expect(try await harness.head() == head)
        #expect(try await harness.show(status) == running)
        #expect(try await harness.liveWeights() == weights)

        let deleted = await owner.pass()
        #expect(deleted.experiments.map(\.key) == ["bookinfo/reviews-canary"])
        #expect(try await harness.head() != head)
        #expect(try await harness.show(status) != running)
    }

    @Test("a running experiment whose spec turns invalid stays in its shard: held by its owner, left alone by the other")
    func invalidSpecKeepsItsShard() async throws {
        let path = "experiments/reviews-canary.yaml"
        let status = StatusPaths.status("experiments/reviews-canary")
        let spec = ReconcilerHarness.experiment(name: "reviews-canary")
        let harness = try await ReconcilerHarness.start(files: [path: spec])
        defer { Task { await harness.stop() } }
        // Placed by its target while valid; by its key it would belong to another shard here.
        let key = ShardMap(count: Self.count).shard(of: "bookinfo/reviews-canary")
        try #require(key != Self.shard, "pick names whose key and target fall in different shards")
        let other = try await Self.replica(
            harness, FixedScope(count: Self.count, held: Set(0..<Self.count).subtracting([Self.shard])), name: "other")
        let owner = try await Self.replica(harness, FixedScope(count: Self.count, held: [Self.shard]), name: "owner")
        try await harness.playground.mesh.advance(simulatedSeconds: 10)
        _ = await owner.pass()
        let running = try await harness.show(status)
        #expect(running.contains("phase: Running"))

        try await harness.push(files: [path: spec.replacingOccurrences(of: "testingPattern: Canary", with: "testingPattern: Sideways")], message: "A typo")
        let head = try await harness.head()
        let ignored = await other.pass()
        #expect(ignored.experiments.isEmpty && ignored.pushedCommits.isEmpty)
        #expect(try await harness.head() == head)
        #expect(try await harness.show(status) == running)

        let held = await owner.pass()
        #expect(held.experiments.map(\.key) == ["bookinfo/reviews-canary"])
        #expect(held.experiments.first?.specErrors.isEmpty == false)
        #expect(try await harness.show(status).contains("specErrors"))
    }

    @Test("a pass whose shard is lost before the push pushes nothing; the next one, holding it, does")
    func lostShardStopsThePush() async throws {
        let harness = try await ReconcilerHarness.start(files: ["experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary")])
        defer { Task { await harness.stop() } }
        let scope = FixedScope(count: Self.count, held: [Self.shard])
        let replica = try await Self.replica(harness, scope, name: "replica")
        scope.permitting.withLock { $0 = false }  // the shard lapsed while the pass ran
        try await harness.playground.mesh.advance(simulatedSeconds: 10)
        let refused = await replica.pass()
        #expect(refused.failure?.stage == .publish)
        #expect(refused.failure?.message.contains("not pushing") == true, "\(String(describing: refused.failure))")
        #expect(refused.pushedCommits.isEmpty)
        #expect(try await harness.originLog().count == 1)

        scope.permitting.withLock { $0 = true }
        let pushed = await replica.pass()
        #expect(pushed.failure == nil)
        #expect(try await harness.originLog().count == 2)
    }
}
