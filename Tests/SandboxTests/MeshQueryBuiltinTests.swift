import Experiments
import Foundation
import PromQL
@testable import Sandbox
import Testing

@Suite("The built-in Istio metrics through PrometheusMetricsSource against the mesh's query API")
struct MeshQueryBuiltinTests {
    @Test("every built-in metric's observation equals the mesh's truth (exact counts and buckets)")
    func builtins() async throws {
        let mesh = try await MeshQueryFixtures.mesh()
        try await mesh.advance(simulatedSeconds: 60)
        let metrics = await mesh.metrics
        try await MeshFixtures.serving(mesh) { server in
            let source = MeshQueryFixtures.source(server)
            let clock = ContinuousClock()
            var queries = 0
            let started = clock.now
            for workload in ["reviews-v1", "reviews-v2"] {
                let truth = MeshQueryFixtures.Truth(metrics, workload: workload)
                #expect(truth.requests > 1000 && truth.errors > 50)
                for metric in BuiltinMetrics.all {
                    let measured = try await source.measure(
                        metric, version: MeshQueryFixtures.version(workload), elapsedSeconds: 60, at: nil)
                    queries += measured.queries.count
                    try Self.check(metric, measured, truth, workload: workload)
                }
            }
            let elapsed = started.duration(to: clock.now)
            print("mesh query API: \(queries) queries in \(elapsed), \(elapsed / queries) per query")
        }
    }

    static func check(_ metric: MetricDefinition, _ measured: PromQL.Measurement, _ truth: MeshQueryFixtures.Truth, workload: String) throws {
        let label = "\(workload) \(metric.name)"
        let value = measured.queries.first { $0.role == "value" }?.value
        switch (metric.name, measured.observation) {
        case ("request-count", .counter(let count)):
            #expect(count == truth.requests, "\(label)")
            #expect(value == truth.requests)
        case ("error-count", .counter(let count)):
            #expect(count == truth.errors, "\(label)")
        case ("error-rate", .counts(let events, let trials)):
            #expect(events == truth.errors && trials == truth.requests, "\(label)")
            #expect(MeshQueryFixtures.close(try #require(value), truth.errors / truth.requests), "\(label)")
        case ("mean-latency", .histogram(let histogram)):
            #expect(histogram.buckets == truth.buckets, "\(label)")
            #expect(histogram.count == truth.requests)
            #expect(MeshQueryFixtures.close(histogram.sum, truth.durationSum), "\(label) sum \(histogram.sum) vs \(truth.durationSum)")
            #expect(MeshQueryFixtures.close(try #require(value), truth.durationSum / truth.requests))
        case ("le500ms-latency-percentile", .counts(let events, let trials)):
            #expect(events == truth.buckets[8].cumulativeCount && truth.buckets[8].upperBound == 500, "\(label)")
            #expect(trials == truth.requests)
            #expect(MeshQueryFixtures.close(try #require(value), events / trials))
        case (let name, .histogram(let histogram)) where name.hasSuffix("th-percentile"):
            #expect(histogram.buckets == truth.buckets, "\(label)")
            #expect(histogram.count == truth.requests)
            guard case .histogramQuantile(let q, _) = metric.model else {
                Issue.record("\(label): model \(metric.model)")
                return
            }
            let quantile = try #require(value)
            #expect(quantile == HistogramQuantile.quantile(q, truth.buckets.map { ($0.upperBound, $0.cumulativeCount) }))
            // The quantile lies in the bucket where the rank falls.
            let rank = q * truth.requests
            let bucket = try #require(truth.buckets.firstIndex { $0.cumulativeCount >= rank })
            let lower = bucket == 0 ? 0 : truth.buckets[bucket - 1].upperBound
            #expect(quantile >= lower && quantile <= truth.buckets[bucket].upperBound, "\(label) \(quantile)")
        default:
            Issue.record("\(label): unexpected observation \(measured.observation)")
        }
    }

    @Test("a reward counter query over books_purchased_total gives the mesh's count")
    func reward() async throws {
        let mesh = try await MeshQueryFixtures.mesh()
        try await mesh.advance(simulatedSeconds: 40)
        let metrics = await mesh.metrics
        let metric = MetricDefinition(
            name: "books-purchased", type: .counter,
            query: QueryTemplate(
                "sum(increase(books_purchased_total{destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s]))"),
            model: .counter)
        try await MeshFixtures.serving(mesh) { server in
            let source = MeshQueryFixtures.source(server)
            for workload in ["reviews-v1", "reviews-v2"] {
                let measured = try await source.measure(metric, version: MeshQueryFixtures.version(workload), elapsedSeconds: 40, at: nil)
                let truth = MeshQueryFixtures.Truth(metrics, workload: workload)
                #expect(measured.observation == .counter(truth.reward), "\(workload)")
            }
            #expect(MeshQueryFixtures.Truth(metrics, workload: "reviews-v2").reward > 100)
        }
    }

    @Test("a workload without series gives no data; `or on() vector(0)` gives 0")
    func noData() async throws {
        let mesh = try await MeshQueryFixtures.mesh()
        try await mesh.advance(simulatedSeconds: 5)
        try await MeshFixtures.serving(mesh) { server in
            let source = MeshQueryFixtures.source(server)
            let version = MeshQueryFixtures.version("reviews-v9")
            for name in ["request-count", "error-rate", "mean-latency", "latency-90th-percentile"] {
                let measured = try await source.measure(try #require(BuiltinMetrics.named(name)), version: version, elapsedSeconds: 5, at: nil)
                #expect(measured.observation == .noData, "\(name)")
            }
            let errors = try await source.measure(try #require(BuiltinMetrics.named("error-count")), version: version, elapsedSeconds: 5, at: nil)
            #expect(errors.observation == .counter(0))
            let client = MeshQueryFixtures.client(server)
            #expect(try await client.query("istio_requests_total{destination_workload=\"nope\"}") == .vector([]))
        }
    }
}
