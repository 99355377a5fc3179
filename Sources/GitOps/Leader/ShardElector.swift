import Foundation
import Kubernetes
import Logging
import ServiceLifecycle
import Synchronization

/// Shard election over `coordination.k8s.io/v1` Leases, so that several replicas of `iter8 run` split the
/// experiments: each experiment belongs to one of ``Configuration/shards`` shards (``ShardMap``, by target), and
/// a replica works only on the shards whose Lease (`<name>-shard-<i>`) it holds.
///
/// Every ``Configuration/retryPeriodSeconds`` (``run()``) a replica lists the shard Leases, writes its heartbeat
/// into the members Lease (``ShardRoster``), and balances: its share is ``ShardBalance/quota(shards:live:identity:)``
/// of the shards among the live replicas (fresh members and holders of unexpired shard Leases); it renews the
/// shards it holds, takes free or expired ones up to its share, and gives up extras above it — first draining
/// them (no new work starts on them, the fence refuses their writes) for ``Configuration/drainSeconds``, then
/// releasing them, so that a write already under way ends before anyone else may take the shard. Its first try
/// only announces it, so replicas started together split the shards at once. A dead
/// replica's shards are free once their Leases have not changed for their duration, judged as ``LeaderElector``
/// does it, by this replica's own clock from the moment it saw the record change.
///
/// As a ``WriteFence`` it refuses a write unless every shard the current pass touches (``touching(_:)``) is held,
/// not draining, renewed within the renew deadline, and has more time left than the write can take.
public actor ShardElector: Service, WriteFence, ShardScope {
    /// Lease names, the shard count and the timings.
    public struct Configuration: Sendable, Hashable {
        /// The Leases' namespace.
        public var namespace: String
        /// The prefix of the Leases' names: `<name>-shard-<i>` and `<name>-members`.
        public var name: String
        /// This replica's identity (the pod name and a random suffix).
        public var identity: String
        /// The number of shards (the same on every replica).
        public var shards: Int
        /// How long a renewal counts (`spec.leaseDurationSeconds`).
        public var leaseDurationSeconds: Int
        /// How long a replica keeps a shard without a successful renewal; less than the duration.
        public var renewDeadlineSeconds: Double
        /// Seconds between tries.
        public var retryPeriodSeconds: Double
        /// How long a shard given up drains (held, but no new writes) before its Lease is released.
        public var drainSeconds: Double

        /// Creates a configuration; the timings default to client-go's (15 s, 10 s, 2 s) and a 6 s drain.
        public init(
            namespace: String, name: String = "iter8", identity: String, shards: Int, leaseDurationSeconds: Int = 15,
            renewDeadlineSeconds: Double = 10, retryPeriodSeconds: Double = 2, drainSeconds: Double = 6
        ) {
            self.namespace = namespace
            self.name = name
            self.identity = identity
            self.shards = max(1, shards)
            self.leaseDurationSeconds = leaseDurationSeconds
            self.renewDeadlineSeconds = renewDeadlineSeconds
            self.retryPeriodSeconds = retryPeriodSeconds
            self.drainSeconds = drainSeconds
        }

        /// The Lease of shard `index`.
        public func leaseName(shard index: Int) -> String { "\(name)-shard-\(index)" }
        /// The members Lease.
        public var membersLeaseName: String { "\(name)-members" }
        /// The label every Lease of this election carries (`iter8.tools/shards: <name>`), to list them at once.
        public var labelSelector: String { "\(ShardElector.groupLabel)=\(name)" }
    }

    /// What this replica holds, shared with the nonisolated fence query.
    struct Holdings: Sendable {
        /// Local time of the last successful renewal of each shard held, taken before the write was sent.
        var renewed: [Int: Date] = [:]
        /// Shards being given up, with the time the drain began.
        var draining: [Int: Date] = [:]
        /// The shards the current pass works on.
        var touched: Set<Int> = []
    }

    static let groupLabel = "iter8.tools/shards"

    /// The configuration.
    public nonisolated let configuration: Configuration
    /// How experiments map to shards.
    public nonisolated let shardMap: ShardMap
    let client: any KubernetesClient
    let now: @Sendable () -> Date
    let logger: Logger
    let holdings = Mutex(Holdings())
    /// Each shard Lease's record at the last read, and the local time it was first seen so.
    var observed: [Int: (record: LeaseRecord, at: Date)] = [:]
    /// Each members entry's value at the last read, and the local time it was first seen so.
    var observedMembers: [String: (value: String, at: Date)] = [:]
    /// Shards counted as held after the last try (for the log).
    var lastHeld: Set<Int> = []
    var acquiredSinceGrant = false
    /// Whether a try has announced this replica in the members Lease yet: the first try takes nothing, so that
    /// replicas started together see each other before they take shards (instead of one taking all, then draining).
    var announced = false
    /// Replicas seen live at the last try, this one included.
    public internal(set) var liveReplicas: Set<String> = []

    /// Creates an elector; nothing happens until ``tryBalance()`` or ``run()``.
    ///
    /// - Parameter now: the local clock (default: ``LeaseClock/monotonic()``).
    public init(
        client: any KubernetesClient, configuration: Configuration, logger: Logger = Logger(label: "iter8.shards"),
        now: @escaping @Sendable () -> Date = LeaseClock.monotonic()
    ) {
        self.client = client
        self.configuration = configuration
        self.shardMap = ShardMap(count: configuration.shards)
        self.logger = logger
        self.now = now
    }

    // MARK: Queries

    /// The shards this replica holds now and may work on: renewed within the renew deadline, not draining.
    public nonisolated var heldShards: Set<Int> { holdings.withLock { Self.held($0, at: now(), configuration) } }

    nonisolated static func held(_ holdings: Holdings, at date: Date, _ configuration: Configuration) -> Set<Int> {
        Set(holdings.renewed.filter { shard, renewed in
            holdings.draining[shard] == nil && date.timeIntervalSince(renewed) < configuration.renewDeadlineSeconds
        }.keys)
    }

    /// The fence query: whether every shard the current pass touches is held at `now` with more of its lease left
    /// than `duration`.
    public nonisolated func mayWrite(taking duration: Duration, now: Date) -> Bool {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return holdings.withLock { holdings in
            let held = Self.held(holdings, at: now, configuration)
            return holdings.touched.allSatisfy { shard in
                guard held.contains(shard), let renewed = holdings.renewed[shard] else { return false }
                return renewed.addingTimeInterval(Double(configuration.leaseDurationSeconds)).timeIntervalSince(now) > seconds
            }
        }
    }

    /// ``WriteFence``: ``mayWrite(taking:now:)`` at the elector's clock.
    public nonisolated func permits(_ duration: Duration) async -> Bool {
        mayWrite(taking: duration, now: now())
    }

    /// ``ShardScope``: the shards held now, and whether one was taken since the last grant.
    public func grant() async -> ShardGrant {
        defer { acquiredSinceGrant = false }
        return ShardGrant(held: heldShards, acquiredSinceLastGrant: acquiredSinceGrant)
    }

    /// ``ShardScope``: the shards the pass begun after the last grant touches.
    public func touching(_ shards: Set<Int>) async {
        holdings.withLock { $0.touched = shards }
    }

    // MARK: Service

    /// Balances every ``Configuration/retryPeriodSeconds`` until cancelled or shut down gracefully, then releases
    /// every shard and leaves the members Lease, so the others take the shards over at their next try.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await tryBalance()
            _ = await cancelWhenGracefulShutdown { [configuration] in
                try? await Task.sleep(for: .milliseconds(Int64(configuration.retryPeriodSeconds * 1000)))
            }
        }
        await releaseAll()
    }

    var namespace: String { configuration.namespace }
}
