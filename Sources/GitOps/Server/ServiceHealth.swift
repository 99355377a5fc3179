import Foundation

/// Readiness and liveness of `iter8 run`, as `/readyz` and `/healthz` report them.
///
/// - Ready: after the first successful poll (the repository was fetched and a pass completed), or, with leader
///   election, once the replica stands by (another one leads; this one is ready to take over).
/// - Live: unless the reconcile loop is stuck, i.e. its last ``markLoopAlive(at:)`` (or, before the first one,
///   the creation of this object) is older than the staleness bound.
public actor ServiceHealth {
    /// The answer to "is the loop alive?".
    public enum Liveness: Sendable, Hashable {
        /// The loop reported itself alive within the staleness bound.
        case alive
        /// The loop has not reported for longer than the staleness bound; the message says since when.
        case stuck(String)
    }

    /// How old the last alive mark may be before the service counts as stuck.
    public nonisolated let staleness: Duration
    /// The time of the last successful poll, or nil before the first one.
    public private(set) var lastSuccessfulPoll: Date?
    /// The time of the last alive mark (the creation time until the loop reports).
    public private(set) var lastAlive: Date
    private let now: @Sendable () -> Date

    /// Creates the health record.
    ///
    /// - Parameters:
    ///   - pollInterval: The reconcile loop's poll interval.
    ///   - staleness: How old the last alive mark may be; nil means 10 × `pollInterval`.
    ///   - now: The clock (injected for tests).
    public init(pollInterval: Duration, staleness: Duration? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.staleness = staleness ?? pollInterval * 10
        self.now = now
        self.lastAlive = now()
    }

    /// This replica stands by: another one leads (with leader election).
    public struct Standby: Sendable, Hashable {
        /// The leader's identity, when known.
        public var leader: String?
    }

    /// Set while this replica stands by; nil while it reconciles (or before it knew).
    public private(set) var standby: Standby?

    /// True once a poll has succeeded, or while the replica stands by.
    public var isReady: Bool { lastSuccessfulPoll != nil || standby != nil }

    /// Records that another replica leads (`holder`, nil when unknown); it also counts as an alive mark.
    public func markStandby(holder: String?, at date: Date) {
        standby = Standby(leader: holder)
        markLoopAlive(at: date)
    }

    /// Records that this replica reconciles (it leads now): readiness is its own poll's again.
    public func markLeading() {
        standby = nil
    }

    /// Records a successful poll; it also counts as an alive mark.
    public func markPollSucceeded(at date: Date) {
        standby = nil
        lastSuccessfulPoll = max(lastSuccessfulPoll ?? date, date)
        markLoopAlive(at: date)
    }

    /// Records that the loop is making progress (call it at least once per iteration, also after failures).
    public func markLoopAlive(at date: Date) {
        lastAlive = max(lastAlive, date)
    }

    /// Whether the loop is alive at the clock's current time.
    public var liveness: Liveness { liveness(at: now()) }

    /// Whether the loop is alive at `date`.
    public func liveness(at date: Date) -> Liveness {
        let age = Duration.seconds(date.timeIntervalSince(lastAlive))
        guard age > staleness else { return .alive }
        let since = lastAlive.formatted(.iso8601)
        return .stuck("the reconcile loop has not reported since \(since) (\(Int(age.components.seconds)) s > \(staleness))")
    }
}
