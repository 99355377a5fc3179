import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Plain HTTP on 127.0.0.1 serving a ``SimulatedMesh``'s metrics at `/metrics` in Prometheus text format
/// 0.0.4, for a Prometheus to scrape.
public final class MeshMetricsServer: Sendable {
    /// The port it listens on.
    public let port: Int
    private let serviceGroup: ServiceGroup
    private let running: Task<Void, Never>

    private init(port: Int, serviceGroup: ServiceGroup, running: Task<Void, Never>) {
        self.port = port
        self.serviceGroup = serviceGroup
        self.running = running
    }

    /// `http://127.0.0.1:<port>/metrics`.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/metrics")! }

    /// Starts serving `mesh`'s metrics on `port` (0 picks a free one) and returns once it accepts connections.
    ///
    /// - Throws: ``SandboxError`` (`server`), e.g. when the port is taken.
    public static func start(mesh: SimulatedMesh, port: Int = 0) async throws -> MeshMetricsServer {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            let text = await mesh.metrics.exposition()
            return Response(
                status: .ok, headers: [.contentType: MeshMetrics.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        var logger = Logger(label: "iter8-sandbox-metrics")
        logger.logLevel = .error
        let (events, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], gracefulShutdownSignals: [], logger: logger))
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
            return MeshMetricsServer(port: bound, serviceGroup: group, running: running)
        case .failure(let error)?:
            throw SandboxError(.server, "cannot serve metrics on 127.0.0.1:\(port)", cause: error)
        case nil:
            throw SandboxError(.server, "the metrics server on 127.0.0.1:\(port) stopped before it started")
        }
    }

    /// Stops accepting connections and returns when the server is down.
    public func stop() async {
        await serviceGroup.triggerGracefulShutdown()
        await running.value
    }
}
