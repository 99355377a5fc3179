import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The operational HTTP endpoint of `iter8 run`: `/healthz`, `/readyz`, `/metrics` and `POST /webhook`.
///
/// Plain HTTP; bind it to loopback (the default) or a pod-internal address. Start it with
/// ``start(host:port:health:metrics:trigger:webhook:limits:logger:)``, stop it with ``stop()``, or add it to a
/// `ServiceGroup`: its ``run()`` returns (and stops the server) on graceful shutdown or cancellation.
/// ``ControlServerLimits`` bound connections, idle time, webhook bodies and how often webhooks wake the loop.
public final class ControlServer: Service, Sendable {
    /// The port it listens on (the chosen one when started with port 0).
    public let port: Int
    /// The address it is bound to.
    public let host: String
    private let serviceGroup: ServiceGroup
    private let running: Task<Void, Never>
    private let waker: WakeLimiter

    private init(host: String, port: Int, serviceGroup: ServiceGroup, running: Task<Void, Never>, waker: WakeLimiter) {
        self.waker = waker
        self.host = host
        self.port = port
        self.serviceGroup = serviceGroup
        self.running = running
    }

    /// Starts serving on `host:port` (port 0 picks a free one) and returns once it accepts connections.
    ///
    /// - Parameters:
    ///   - webhook: How to verify webhooks; nil answers `POST /webhook` with 404.
    ///   - limits: Connections, timeouts, de-duplication and the wake-up rate limit.
    /// - Throws: ``ControlServerError`` (`bind`), e.g. when the port is taken.
    public static func start(
        host: String = "127.0.0.1", port: Int, health: ServiceHealth, metrics: ServiceMetrics, trigger: PollTrigger,
        webhook: WebhookConfiguration?, limits: ControlServerLimits = ControlServerLimits(), logger: Logger
    ) async throws -> ControlServer {
        let waker = WakeLimiter(trigger: trigger, interval: limits.minimumWakeInterval)
        let routes = ControlRoutes(
            health: health, metrics: metrics, verifier: webhook.map(WebhookVerifier.init(configuration:)), limits: limits,
            deliveries: WebhookDeduplicator(capacity: limits.rememberedDeliveries),
            bodySlots: BodySlots(limits.concurrentBodies), waker: waker, logger: logger)
        let router = Router(context: ControlRequestContext.self)
        routes.register(on: router)
        let cap = ConnectionCap(maximum: max(ConnectionCap.acceptBatch, limits.maxConnections), count: .init()) { metrics.setControlConnections($0) }
        let idle = limits.idleTimeout.components
        let idleTimeout = TimeAmount.nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000)

        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = Application(
            router: router, server: .http1(configuration: .init(idleTimeout: idleTimeout)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), availableConnectionsDelegate: cap),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? 0)) },
            logger: serverLogger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application], gracefulShutdownSignals: [], logger: serverLogger))
        let running = Task {
            do {
                try await group.run()
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        var iterator = events.makeAsyncIterator()
        switch await iterator.next() {
        case .success(let bound)?:
            logger.info("control server listening", metadata: ["address": "\(host):\(bound)"])
            return ControlServer(host: host, port: bound, serviceGroup: group, running: running, waker: waker)
        case .failure(let error)?:
            throw ControlServerError(.bind, "cannot serve the control endpoint on \(host):\(port)", cause: error)
        case nil:
            throw ControlServerError(.bind, "the control endpoint on \(host):\(port) stopped before it started")
        }
    }

    /// Stops accepting connections, lets requests in flight finish, and returns when the server is down.
    public func stop() async {
        waker.cancel()
        await serviceGroup.triggerGracefulShutdown()
        await running.value
    }

    /// Waits for graceful shutdown (or cancellation) of the enclosing service group, then stops the server.
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }
}
