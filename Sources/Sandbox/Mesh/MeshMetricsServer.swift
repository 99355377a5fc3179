import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Plain HTTP on 127.0.0.1 serving a ``SimulatedMesh``'s metrics at `/metrics` in Prometheus text format
/// 0.0.4, for a Prometheus to scrape, and Prometheus' own instant-query API over the mesh's history in
/// simulated time (`GET`/`POST /api/v1/query`, see ``prometheusURL``), for clients of a time-scaled mesh that a
/// real Prometheus could not follow. `/-/ready` and `/-/healthy` answer 200.
public final class MeshMetricsServer: Sendable {
    /// The port it listens on.
    public var port: Int { served.port }
    private let served: ServedApplication

    private init(served: ServedApplication) {
        self.served = served
    }

    /// `http://127.0.0.1:<port>/metrics`.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/metrics")! }

    /// The base URL of the Prometheus-compatible query API, `http://127.0.0.1:<port>/`: give it to
    /// `PrometheusClient(baseURL:)`, which appends `api/v1/query`.
    public var prometheusURL: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    /// Starts serving `mesh`'s metrics on `port` (0 picks a free one) and returns once it accepts connections.
    ///
    /// - Parameter stampSamples: every `/metrics` sample carries the mesh's simulated time, so a Prometheus that
    ///   honours timestamps (its default) stores the traffic at the second the mesh sent it, however far a busy
    ///   machine makes the simulation lag behind the real clock. Only for a mesh at time scale 1: Istio's own
    ///   exporters send no timestamps, and a time-scaled mesh's would run ahead of Prometheus' clock.
    /// - Throws: ``SandboxError`` (`server`), e.g. when the port is taken.
    public static func start(mesh: SimulatedMesh, port: Int = 0, stampSamples: Bool = false) async throws -> MeshMetricsServer {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            let text = await mesh.exposition(stamped: stampSamples)
            return Response(
                status: .ok, headers: [.contentType: MeshMetrics.contentType],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("api/v1/query") { request, _ -> Response in
            await Self.query(mesh: mesh, QueryParameters(request.uri.query))
        }
        router.post("api/v1/query") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let form = String(decoding: body.readableBytesView, as: UTF8.self)
            // Form values win over the URL's, as in Prometheus (Go's FormValue).
            return await Self.query(mesh: mesh, QueryParameters([request.uri.query ?? "", form].joined(separator: "&")))
        }
        for path in ["-/ready", "-/healthy"] {
            router.get(RouterPath(stringLiteral: path)) { _, _ -> Response in
                Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "Sandbox mesh is Ready.\n")))
            }
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

    private static func query(mesh: SimulatedMesh, _ parameters: QueryParameters) async -> Response {
        let (status, body) = await MeshQueryAPI.answer(mesh: mesh, parameters: parameters)
        return Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Stops accepting connections and returns when the server is down.
    public func stop() async {
        await served.stop()
    }
}
