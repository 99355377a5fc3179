/// The control server's bounds against slow, numerous or repeating clients.
///
/// Together they cap what any caller can hold: at most ``maxConnections`` connections are served at once (more wait
/// in the kernel's accept backlog, costing the process nothing), a connection whose request headers are not
/// complete within ``idleTimeout``, or that sends nothing for that long, is closed; a webhook body must arrive
/// whole within ``bodyReadTimeout``, is never read past ``WebhookConfiguration/maxBodyBytes`` (nor at all when its
/// headers already fail verification), and at most ``concurrentBodies`` are read at once (a 503 for more), so
/// the memory held for request bodies stays under `concurrentBodies × maxBodyBytes` (16 MiB by default).
/// A delivery seen before does not wake the loop again, and the loop is woken at most once per
/// ``minimumWakeInterval``; extra wake-ups in between are merged into one at the end of the interval.
public struct ControlServerLimits: Sendable, Hashable {
    /// Connections served at once (at least 4).
    public var maxConnections: Int
    /// How long a connection may send nothing (no request, or a stalled one) before it is closed.
    public var idleTimeout: Duration
    /// How long a webhook's body may take to arrive once its headers were accepted (the connection is closed
    /// after that).
    public var bodyReadTimeout: Duration
    /// Webhook bodies read at once; a request beyond that is answered 503 before its body is read.
    public var concurrentBodies: Int
    /// Deliveries remembered for de-duplication (the oldest are forgotten first).
    public var rememberedDeliveries: Int
    /// The shortest time between two wake-ups of the reconcile loop by webhooks.
    public var minimumWakeInterval: Duration

    /// Creates limits; the defaults are 256 connections, 10 s idle, 10 s for a body, 16 bodies at once, 4,096
    /// remembered deliveries and one wake-up per 5 s.
    public init(
        maxConnections: Int = 256, idleTimeout: Duration = .seconds(10), bodyReadTimeout: Duration = .seconds(10),
        concurrentBodies: Int = 16, rememberedDeliveries: Int = 4096, minimumWakeInterval: Duration = .seconds(5)
    ) {
        self.concurrentBodies = concurrentBodies
        self.maxConnections = maxConnections
        self.idleTimeout = idleTimeout
        self.bodyReadTimeout = bodyReadTimeout
        self.rememberedDeliveries = rememberedDeliveries
        self.minimumWakeInterval = minimumWakeInterval
    }
}
