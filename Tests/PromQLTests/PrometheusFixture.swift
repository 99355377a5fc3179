import Foundation
import TestSupport

/// One exporter and one real Prometheus scraping it, started once for the integration suite (the first
/// scrape alone takes about 5 s). Both die with the test process.
enum PrometheusFixture {
    /// Two versions with known rates: reviews-v1 (100 rps, 5% errors, mean 34 ms), reviews-v2 (40 rps,
    /// 10% errors, mean 120 ms), plus a third workload in another namespace that must not leak in.
    static let workloads: [IstioMetricsExporter.Workload] = [
        .init(
            name: "reviews-v1", namespace: "bookinfo", service: "reviews.bookinfo.svc.cluster.local", rps: 100, errorRate: 0.05,
            latencies: [.init(ms: 10, share: 0.5), .init(ms: 40, share: 0.4), .init(ms: 130, share: 0.1)]),
        .init(
            name: "reviews-v2", namespace: "bookinfo", service: "reviews.bookinfo.svc.cluster.local", rps: 40, errorRate: 0.1,
            latencies: [.init(ms: 30, share: 0.25), .init(ms: 100, share: 0.5), .init(ms: 250, share: 0.25)]),
        .init(
            name: "reviews-v1", namespace: "staging", service: "reviews.staging.svc.cluster.local", rps: 50, errorRate: 0.5,
            latencies: [.init(ms: 1000, share: 1)]),
    ]

    struct Running: Sendable {
        let exporter: IstioMetricsExporter
        let prometheus: PrometheusServer
    }

    private static let running = Task<Running, any Error> {
        let exporter = try await IstioMetricsExporter.start(workloads)
        let prometheus = try await PrometheusServer.start(scraping: [exporter.target])
        return Running(exporter: exporter, prometheus: prometheus)
    }

    /// The shared exporter and Prometheus, started on first use.
    static func shared() async throws -> Running { try await running.value }
}
