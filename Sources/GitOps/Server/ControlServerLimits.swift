/// The control server's bounds against slow, numerous or repeating clients.
///
/// Together they cap what any caller can hold: at most ``maxConnections`` connections are served at once (more wait
/// in the kernel's accept backlog, costing the process nothing), a connection that sends nothing for
/// ``idleTimeout`` is closed (also mid-headers or mid-body), a webhook body must arrive whole within
/// ``bodyReadTimeout`` and is never read past ``WebhookConfiguration/maxBodyBytes`` (nor at all when its headers
/// already fail verification), so memory held for requests stays under `maxConnections × maxBodyBytes`.
/// A delivery seen before does not wake the loop again, and the loop is woken at most once per
/// ``minimumWakeInterval``; extra wake-ups in between are merged into one at the end of the interval.
public struct ControlServerLimits: Sendable, Hashable {
    /// Connections served at once (at least 4).
    public var maxConnections: Int
    /// How long a connection may send nothing (no request, or a stalled one) before it is closed.
    public var idleTimeout: Duration
    /// How long a webhook's body may take to arrive once its headers were accepted (a 408 after that).
    public var bodyReadTimeout: Duration
    /// Deliveries remembered for de-duplication (the oldest are forgotten first).
    public var rememberedDeliveries: Int
    /// The shortest time between two wake-ups of the reconcile loop by webhooks.
    public var minimumWakeInterval: Duration

    /// Creates limits; the defaults are 64 connections, 15 s idle, 10 s for a body, 4,096 remembered deliveries
    /// and one wake-up per 5 s.
    public init(
        maxConnections: Int = 64, idleTimeout: Duration = .seconds(15), bodyReadTimeout: Duration = .seconds(10),
        rememberedDeliveries: Int = 4096, minimumWakeInterval: Duration = .seconds(5)
    ) {
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.rememberedDeliveries = rememberedDeliveries
        self.minimumWakeInterval = minimumWakeInterval
    }
}
