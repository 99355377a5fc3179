import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Plain HTTP on 127.0.0.1 serving a ``SimulatedMesh``'s metrics at `/metrics` in Prometheus text format
/// 0.0.4, for a Prometheus to scrape.
public final class MeshMetricsServer: Sendable {
    /// The port it listens on.
    public var port: Int { served.port }
    private let served: ServedApplication

    private init(served: ServedApplication) {
        self.served = served
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
        let served = try await ServedApplication.start("metrics on 127.0.0.1:\(port)", logger: logger) { onServerRunning in
            Application(
                router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
                onServerRunning: onServerRunning, logger: logger)
        }
        return MeshMetricsServer(served: served)
    }

    /// Stops accepting connections and returns when the server is down.
    public func stop() async {
        await served.stop()
    }
}
