import Experiments
import Foundation
import HTTPTransport
import PromQL
@testable import Sandbox
import Testing
import TestSupport

@Suite("A real Prometheus scraping the mesh's /metrics, queried with the built-in Istio metrics", .serialized)
struct MeshPrometheusScrapeTests {
    /// The mesh stamps every sample with its simulated second and Prometheus honours the stamps, so Prometheus
    /// holds the mesh's counters at the seconds the traffic was sent, however far a busy 2-core machine makes the
    /// simulation lag behind the real clock (it catches up in bursts). Over a 5 s window Prometheus 2's
    /// `increase()` then sees the samples at both edges and equals the mesh's exact difference; where a scrape
    /// fell between two bursts it misses a sample at an edge and extrapolates from the others: ±12 % for counts.
    /// Ratios of two counts over the same samples agree better: error rate within ±0.05 absolute, mean latency
    /// within ±6 %.
    static let countTolerance = 0.12
    static let errorRateTolerance = 0.05
    static let latencyTolerance = 0.06
    static let window = 5

    @Test("request counts, error rates and mean latencies from Prometheus match the mesh's truth")
    func scraped() async throws {
        let store = try await MeshFixtures.store(
            http: [MeshFixtures.split(60, 40)],
            v1Annotations: [WorkloadProfile.latencyAnnotation: "40", WorkloadProfile.errorRateAnnotation: "0.1"],
            v2Annotations: [WorkloadProfile.latencyAnnotation: "150", WorkloadProfile.errorRateAnnotation: "0.3"])
        // Time scale 1, the epoch a whole second of the real clock (the default): simulated seconds are real dates.
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 200, timeScale: 1, seed: 5))
        let driver = Task { await mesh.run(tick: .milliseconds(50)) }
        defer { driver.cancel() }
        try await MeshFixtures.serving(mesh, stampSamples: true) { server in
            let prometheus = try await PrometheusServer.start(scraping: ["127.0.0.1:\(server.port)"])
            try await compare(prometheus: prometheus, server: server, mesh: mesh)
            prometheus.stop()
        }
    }

    func compare(prometheus: PrometheusServer, server: MeshMetricsServer, mesh: SimulatedMesh) async throws {
        let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
        let scraped = PrometheusMetricsSource(client: PrometheusClient(baseURL: prometheus.baseURL, transport: transport))
        let truth = MeshQueryFixtures.source(server)
        // The newest second of the mesh's that Prometheus has stored (0: none yet).
        func stored() async throws -> Double {
            try await prometheus.instantValues("max(timestamp(istio_requests_total))").first ?? 0
        }
        var first = 0.0
        try await Wait.until("Prometheus to store a sample of the mesh's", timeout: .seconds(60), interval: .milliseconds(50)) {
            first = try await stored()
            return first > 0
        }
        // The window ends where Prometheus holds a whole window of the mesh's seconds before it.
        let time = Date(timeIntervalSince1970: first + Double(Self.window + 1))
        try await Wait.until("Prometheus to store the mesh's samples until \(time)", timeout: .seconds(60), interval: .milliseconds(50)) {
            try await stored() >= time.timeIntervalSince1970
        }
        let lag = Date().timeIntervalSince(await mesh.now)
        print("mesh clock behind the real clock by \(String(format: "%.2f", lag)) s")
        func measure(_ name: String, _ source: PrometheusMetricsSource, _ workload: String) async throws -> Observation {
            try await source.measure(
                #require(BuiltinMetrics.named(name)), version: MeshQueryFixtures.version(workload), elapsedSeconds: Self.window,
                at: time
            ).observation
        }
        for workload in ["reviews-v1", "reviews-v2"] {
            guard case .counter(let requests) = try await measure("request-count", scraped, workload),
                case .counter(let trueRequests) = try await measure("request-count", truth, workload),
                case .counts(let errors, let trials) = try await measure("error-rate", scraped, workload),
                case .counts(let trueErrors, let trueTrials) = try await measure("error-rate", truth, workload),
                case .histogram(let histogram) = try await measure("mean-latency", scraped, workload),
                case .histogram(let trueHistogram) = try await measure("mean-latency", truth, workload),
                let mean = histogram.mean, let trueMean = trueHistogram.mean
            else {
                Issue.record("\(workload): a measurement had no data")
                continue
            }
            let countError = abs(requests - trueRequests) / trueRequests
            let rateError = abs(errors / trials - trueErrors / trueTrials)
            let latencyError = abs(mean - trueMean) / trueMean
            print(
                "prometheus vs mesh, \(workload) over \(Self.window) s: requests \(requests) vs \(trueRequests) "
                    + "(\(percent(countError))), error rate \(errors / trials) vs \(trueErrors / trueTrials) (±\(rateError)), "
                    + "mean latency \(mean) vs \(trueMean) ms (\(percent(latencyError)))")
            #expect(trueRequests > 250, "\(workload): the mesh sent \(trueRequests) requests in \(Self.window) s")
            #expect(countError <= Self.countTolerance, "\(workload) requests \(requests) vs \(trueRequests)")
            #expect(rateError <= Self.errorRateTolerance, "\(workload) error rate")
            #expect(latencyError <= Self.latencyTolerance, "\(workload) mean latency \(mean) vs \(trueMean)")
        }
    }

    func percent(_ fraction: Double) -> String { String(format: "%.1f %%", fraction * 100) }
}
