import ArgumentParser
import Dispatch
import Foundation
import Sandbox

/// `iter8 sandbox [PATH...]`: a local Kubernetes API server with a simulated Istio mesh, for demos and tests.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run a local Kubernetes API server with a simulated Istio mesh and Prometheus metrics.",
        discussion: """
            Loads the given manifests (files or folders; Namespaces, Deployments, Services, VirtualServices, \
            DestinationRules, Gateway API HTTPRoutes) into the store, writes a kubeconfig, and serves Istio's standard \
            metrics for simulated traffic routed by the live VirtualServices and HTTPRoutes (attached to a Service, as \
            in a GAMMA mesh). Deployment annotations shape each workload: \
            sandbox.iter8.tools/latency-ms (mean, default 50), sandbox.iter8.tools/latency-sigma (log-normal σ, \
            default 0.5), sandbox.iter8.tools/error-rate (fraction of 500s, default 0), \
            sandbox.iter8.tools/reward-per-request (business events per successful request, default 0) and \
            sandbox.iter8.tools/reward-metric (default books_purchased_total). Runs until Ctrl-C.
            """)

    @Argument(help: "Manifest files or folders to load (.yaml and .yml).")
    var paths: [String] = []

    @Option(help: "Where to write the kubeconfig (default: a new temporary directory).")
    var kubeconfig: String?

    @Option(help: "API server port on 127.0.0.1 (0 picks a free one).")
    var port: Int = 0

    @Option(help: "Metrics port on 127.0.0.1 (0 picks a free one).")
    var metricsPort: Int = 0

    @Option(help: "Simulated seconds per real second.")
    var timeScale: Double = 1

    @Option(help: "Requests per simulated second to each host a VirtualService or an HTTPRoute routes.")
    var requestsPerSecond: Int = 10

    @Option(help: "Seed of the simulated traffic.")
    var seed: UInt64 = 1

    @Option(help: "Fraction of requests carrying the header end-user: jason.")
    var headerShare: Double = 0.1

    @Option(help: "Simulated seconds of metrics history the query API keeps (memory: about 190 bytes per request series per second).")
    var historySeconds: Int = 7200

    func validate() throws {
        guard timeScale > 0, timeScale.isFinite else { throw ValidationError("--time-scale must be positive") }
        guard requestsPerSecond >= 0 else { throw ValidationError("--requests-per-second must not be negative") }
        guard (0...1).contains(headerShare) else { throw ValidationError("--header-share must be within 0...1") }
        guard historySeconds >= 1 else { throw ValidationError("--history-seconds must be at least 1") }
    }

    func run() async throws {
        let signals = SignalWaiter([SIGINT, SIGTERM])
        let server = try await SandboxAPIServer.start(SandboxConfiguration(port: port))
        let mesh = SimulatedMesh(
            store: server.store,
            configuration: MeshConfiguration(
                requestsPerSecond: requestsPerSecond, timeScale: timeScale, seed: seed, testHeaderShare: headerShare,
                historySeconds: historySeconds))
        let metrics: MeshMetricsServer
        do {
            metrics = try await MeshMetricsServer.start(mesh: mesh, port: metricsPort)
        } catch {
            await server.stop()
            throw error
        }
        let driver = Task { await mesh.run() }
        do {
            for label in try await SandboxManifests.apply(paths: paths, to: server.store) { print("applied \(label)") }
            let file = URL(fileURLWithPath: kubeconfig ?? Self.temporaryKubeconfig())
            try server.writeKubeconfig(to: file)
            print("kubeconfig: \(file.path)")
            print("api:        \(server.url.absoluteString)")
            print("metrics:    \(metrics.url.absoluteString)")
            print("prometheus: \(metrics.prometheusURL.absoluteString)  (query API in simulated time, for --prometheus-url)")
            print("Press Ctrl-C to stop.")
            fflush(nil)  // all streams: the path lines must reach a pipe before Ctrl-C
            await signals.wait()
            print("stopping")
        } catch {
            driver.cancel()
            await metrics.stop()
            await server.stop()
            throw error
        }
        driver.cancel()
        await driver.value
        await metrics.stop()
        await server.stop()
    }

    private static func temporaryKubeconfig() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("iter8-sandbox-\(UUID().uuidString.prefix(8))", isDirectory: true)
            .appendingPathComponent("kubeconfig").path
    }
}

/// Waits for the first of some signals, which no longer terminate the process.
final class SignalWaiter: @unchecked Sendable {
    // @unchecked: the sources are only touched in init and kept alive; the stream is Sendable.
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func wait() async {
        for await _ in stream { return }
    }
}
