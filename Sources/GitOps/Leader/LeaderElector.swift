import Foundation
import Kubernetes
import Logging
import ServiceLifecycle
import Synchronization

/// Leader election over a `coordination.k8s.io/v1` Lease, as client-go does it, so that several replicas of
/// `iter8 run` can stand by while exactly one reconciles.
///
/// ``run()`` (a service-lifecycle `Service`) tries to take or renew the Lease every
/// ``Configuration/retryPeriodSeconds``. Whether a Lease held by another replica has run out is judged, as
/// client-go does, by this replica's own clock only: it notes when *it observed* the Lease's record change, and
/// the Lease is free once the record has not changed for its duration since. The holder's `renewTime` is never
/// compared with the local clock, so clock skew between replicas cannot cause a takeover while the holder keeps
/// renewing. Writes carry the `resourceVersion` read, so of two replicas racing for it one gets `409 Conflict`
/// and stays a standby. A leader that cannot renew for ``Configuration/renewDeadlineSeconds`` (shorter than the
/// Lease's duration) stops counting itself leader before anyone else may take over, and as a ``WriteFence`` it
/// refuses writes that could outlast its lease (``mayWrite(taking:now:)``). On graceful shutdown it releases the
/// Lease, so a standby takes over at its next try instead of after the duration.
public actor LeaderElector: Service, WriteFence {
    /// Lease name, namespace and timings.
    public struct Configuration: Sendable, Hashable {
        /// The Lease's namespace.
        public var namespace: String
        /// The Lease's name.
        public var name: String
        /// This replica's identity (the pod name).
        public var identity: String
        /// How long a renewal counts (`spec.leaseDurationSeconds`).
        public var leaseDurationSeconds: Int
        /// How long a leader keeps counting itself leader without a successful renewal; less than the duration.
        public var renewDeadlineSeconds: Double
        /// Seconds between tries.
        public var retryPeriodSeconds: Double

        /// Creates a configuration; the timings default to client-go's (15 s, 10 s, 2 s).
        public init(
            namespace: String, name: String = "iter8", identity: String, leaseDurationSeconds: Int = 15,
            renewDeadlineSeconds: Double = 10, retryPeriodSeconds: Double = 2
        ) {
            self.namespace = namespace
            self.name = name
            self.identity = identity
            self.leaseDurationSeconds = leaseDurationSeconds
            self.renewDeadlineSeconds = renewDeadlineSeconds
            self.retryPeriodSeconds = retryPeriodSeconds
        }
    }

    /// The configuration.
    public nonisolated let configuration: Configuration
    let client: any KubernetesClient
    let now: @Sendable () -> Date
    let logger: Logger
    /// The local time of the last successful renewal while leader, taken before the write was sent; shared with
    /// the nonisolated fence query.
    let lastRenewal = Mutex<Date?>(nil)
    /// The Lease's leader-election record at the last read, and the local time at which it was first seen so.
    var observed: (record: LeaseRecord, at: Date)?
    /// Who held the Lease at the last read (for the log and the standby's reason).
    public private(set) var observedHolder: String?

    /// Creates an elector; nothing happens until ``tryAcquireOrRenew()`` or ``run()``.
    ///
    /// - Parameter now: the local clock, for the times written into the Lease and every interval measured; by
    ///   default the wall time at start plus the monotonic time since (a stepped wall clock moves nothing).
    public init(
        client: any KubernetesClient, configuration: Configuration, logger: Logger = Logger(label: "iter8.leader"),
        now: @escaping @Sendable () -> Date = LeaseClock.monotonic()
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    var renewedAt: Date? {
        get { lastRenewal.withLock { $0 } }
        set { lastRenewal.withLock { $0 = newValue } }
    }

    /// Whether this replica leads now: it renewed the Lease within the renew deadline.
    public var isLeader: Bool { leads(at: now()) }

    nonisolated func leads(at date: Date) -> Bool {
        guard let renewedAt = lastRenewal.withLock({ $0 }) else { return false }
        return date.timeIntervalSince(renewedAt) < configuration.renewDeadlineSeconds
    }

    /// The fence query, cheap and callable from any context: whether this replica leads at `now` and more of its
    /// lease remains than `duration` — counted from its last successful renewal by the local clock, up to the
    /// Lease's duration, after which another replica may take over.
    public nonisolated func mayWrite(taking duration: Duration, now: Date) -> Bool {
        guard let renewedAt = lastRenewal.withLock({ $0 }), leads(at: now) else { return false }
        let remaining = renewedAt.addingTimeInterval(Double(configuration.leaseDurationSeconds)).timeIntervalSince(now)
        let components = duration.components
        return remaining > Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// ``WriteFence``: ``mayWrite(taking:now:)`` at the elector's clock.
    public nonisolated func permits(_ duration: Duration) async -> Bool {
        mayWrite(taking: duration, now: now())
    }

    /// One try: take the Lease if it is free or ours, renew it if we hold it. Returns ``isLeader`` after it.
    /// A failed call (the API server unreachable) changes nothing; the renew deadline then runs out.
    @discardableResult
    public func tryAcquireOrRenew() async -> Bool {
        let wasLeader = isLeader
        let at = now()
        do {
            let lease: JSONValue
            do {
                lease = try await client.get(.lease, namespace: configuration.namespace, name: configuration.name)
            } catch let error as KubeError where error.code == .notFound {
                let record = LeaseRecord(
                    holder: configuration.identity, acquireTime: at, renewTime: at,
                    durationSeconds: configuration.leaseDurationSeconds, transitions: 0)
                let object: JSONValue = [
                    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": ["name": .string(configuration.name), "namespace": .string(configuration.namespace)],
                ]
                _ = try await client.create(.lease, namespace: configuration.namespace, object: record.written(into: object))
                renewed(at: at, wasLeader: wasLeader, holder: configuration.identity)
                return true
            }
            var record = LeaseRecord(lease: lease)
            observedHolder = record.holder.isEmpty ? nil : record.holder
            let ours = record.holder == configuration.identity
            guard ours || isFree(record, at: at) else {
                renewedAt = nil
                settle(wasLeader: wasLeader)
                return false
            }
            if !ours {  // a new holder, as client-go counts transitions (a released Lease too)
                record.transitions += 1
                record.holder = configuration.identity
                record.acquireTime = at
            }
            record.renewTime = at
            record.durationSeconds = configuration.leaseDurationSeconds
            _ = try await client.update(.lease, namespace: configuration.namespace, object: record.written(into: lease))
            observed = (record, at)
            renewed(at: at, wasLeader: wasLeader, holder: configuration.identity)
            return true
        } catch let error as KubeError where error.code == .conflict {
            // Another replica wrote first (a create or an update with the same resourceVersion).
            renewedAt = nil
            settle(wasLeader: wasLeader)
            return false
        } catch {
            logger.warning("cannot read or write the leader Lease", metadata: ["lease": "\(leaseName)", "error": "\(error)"])
            settle(wasLeader: wasLeader)
            return isLeader
        }
    }

    /// Gives the Lease up if we hold it (an empty holder), so a standby takes over at its next try.
    public func release() async {
        guard renewedAt != nil else { return }
        renewedAt = nil
        do {
            let lease = try await client.get(.lease, namespace: configuration.namespace, name: configuration.name)
            var record = LeaseRecord(lease: lease)
            guard record.holder == configuration.identity else { return }
            record.holder = ""
            record.renewTime = nil
            record.acquireTime = nil
            _ = try await client.update(.lease, namespace: configuration.namespace, object: record.written(into: lease))
            logger.notice("released the leader Lease", metadata: ["lease": "\(leaseName)"])
        } catch {
            logger.warning("cannot release the leader Lease", metadata: ["lease": "\(leaseName)", "error": "\(error)"])
        }
    }

    /// Tries every ``Configuration/retryPeriodSeconds`` until cancelled or shut down gracefully, then releases.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await tryAcquireOrRenew()
            _ = await cancelWhenGracefulShutdown { [configuration] in
                try? await Task.sleep(for: .milliseconds(Int64(configuration.retryPeriodSeconds * 1000)))
            }
        }
        await release()
    }

    var leaseName: String { "\(configuration.namespace)/\(configuration.name)" }

    /// Whether `record`, read at `date`, is free: released, never renewed, or unchanged for its duration since
    /// this replica first saw it so (client-go's observedTime). A record seen for the first time counts from now.
    private func isFree(_ record: LeaseRecord, at date: Date) -> Bool {
        if observed?.record != record { observed = (record, date) }
        guard !record.holder.isEmpty, record.renewTime != nil, let since = observed?.at else { return true }
        return date.timeIntervalSince(since) >= Double(record.durationSeconds)
    }

    private func renewed(at date: Date, wasLeader: Bool, holder: String) {
        renewedAt = date
        observedHolder = holder
        if !wasLeader {
            logger.notice("became leader", metadata: ["lease": "\(leaseName)", "identity": "\(configuration.identity)"])
        }
    }

    private func settle(wasLeader: Bool) {
        guard wasLeader != isLeader else { return }
        logger.warning(
            "lost leadership", metadata: ["lease": "\(leaseName)", "holder": "\(observedHolder ?? "nobody")"])
    }
}
