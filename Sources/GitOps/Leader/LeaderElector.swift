import Foundation
import Kubernetes
import Logging
import ServiceLifecycle

/// Leader election over a `coordination.k8s.io/v1` Lease, as client-go does it, so that several replicas of
/// `iter8 run` can stand by while exactly one reconciles.
///
/// ``run()`` (a service-lifecycle `Service`) tries to take or renew the Lease every
/// ``Configuration/retryPeriodSeconds``: a Lease that nobody renewed for its duration is free. Writes carry the
/// `resourceVersion` read, so of two replicas racing for it one gets `409 Conflict` and stays a standby. A
/// leader that cannot renew for ``Configuration/renewDeadlineSeconds`` (shorter than the Lease's duration)
/// stops counting itself leader before anyone else may take over. On graceful shutdown it releases the Lease,
/// so a standby takes over at its next try instead of after the duration.
public actor LeaderElector: Service {
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
    /// The last successful renewal while leader.
    var renewedAt: Date?
    /// Who held the Lease at the last read (for the log and the standby's reason).
    public private(set) var observedHolder: String?

    /// Creates an elector; nothing happens until ``tryAcquireOrRenew()`` or ``run()``.
    public init(
        client: any KubernetesClient, configuration: Configuration, logger: Logger = Logger(label: "iter8.leader"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// Whether this replica leads now: it renewed the Lease within the renew deadline.
    public var isLeader: Bool {
        guard let renewedAt else { return false }
        return now().timeIntervalSince(renewedAt) < configuration.renewDeadlineSeconds
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
            guard ours || record.isFree(at: at) else {
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
