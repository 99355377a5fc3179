import Experiments
import Foundation
import HTTPTransport
import Testing
import TestSupport

@testable import PromQL

@Suite("The Istio built-in queries against a real Prometheus scraping Istio's metrics", .serialized)
struct PrometheusIntegrationTests {
    /// `increase()` extrapolates to the window's edges and the exporter counts whole requests (the smallest
    /// count here, v2's errors, is 20 over the window), so counts may differ from rate × window by a few
    /// percent: ±10% for counts and the error rate; mean latency (sum ÷ count of the same requests) ±5%.
    static let countTolerance = 0.10
    static let ratioTolerance = 0.05
    static let window = 5

    func source(_ running: PrometheusFixture.Running) -> PrometheusMetricsSource {
        let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
        return PrometheusMetricsSource(client: PrometheusClient(baseURL: running.prometheus.baseURL, transport: transport))
    }

    func version(_ name: String, namespace: String = "bookinfo") -> VersionSpec {
        VersionSpec(name: name, variables: [.init(name: "namespace", value: namespace)])
    }

    /// Waits until Prometheus holds a full window of samples.
    func ready() async throws -> PrometheusFixture.Running {
        let running = try await PrometheusFixture.shared()
        try await running.prometheus.waitForSamples(count: Self.window + 2, targets: 1)
        return running
    }

    static func within(_ actual: Double, _ expected: Double, _ tolerance: Double) -> Bool {
        abs(actual - expected) <= tolerance * expected
    }

    @Test("request count, error rate (as counts) and mean latency (histogram) per version match the exporter")
    func builtins() async throws {
        let running = try await ready()
        let source = source(running)
        let window = Double(Self.window)
        for workload in PrometheusFixture.workloads where workload.namespace == "bookinfo" {
            let version = version(workload.name)
            let count = try await source.measure(
                #require(BuiltinMetrics.named("request-count")), version: version, elapsedSeconds: Self.window, at: nil)
            guard case .counter(let requests) = count.observation else {
                Issue.record("\(workload.name): request-count gave \(count.observation)")
                continue
            }
            let expectedRequests = workload.requests(over: window)
            #expect(Self.within(requests, expectedRequests, Self.countTolerance), "\(workload.name) requests \(requests) vs \(expectedRequests)")

            let errors = try await source.measure(
                #require(BuiltinMetrics.named("error-rate")), version: version, elapsedSeconds: Self.window, at: nil)
            guard case .counts(let events, let trials) = errors.observation else {
                Issue.record("\(workload.name): error-rate gave \(errors.observation)")
                continue
            }
            #expect(Self.within(trials, expectedRequests, Self.countTolerance))
            #expect(Self.within(events, workload.errors(over: window), Self.countTolerance), "\(workload.name) errors \(events)")
            #expect(Self.within(events / trials, workload.errorRate, Self.countTolerance), "\(workload.name) error rate \(events / trials)")

            let latency = try await source.measure(
                #require(BuiltinMetrics.named("mean-latency")), version: version, elapsedSeconds: Self.window, at: nil)
            guard case .histogram(let histogram) = latency.observation, let mean = histogram.mean else {
                Issue.record("\(workload.name): mean-latency gave \(latency.observation)")
                continue
            }
            #expect(Self.within(mean, workload.meanLatency, Self.ratioTolerance), "\(workload.name) mean \(mean) vs \(workload.meanLatency)")
            #expect(histogram.buckets.count == 20 && histogram.buckets.last?.upperBound == .infinity)
            #expect(Self.within(histogram.buckets.last?.cumulativeCount ?? 0, expectedRequests, Self.countTolerance))
            let valueQuery = try #require(latency.queries.first { $0.role == "value" })
            #expect(Self.within(valueQuery.value ?? 0, workload.meanLatency, Self.ratioTolerance))
            print("measured \(workload.name): requests \(requests) (truth \(expectedRequests)), errors \(events)/\(trials) "
                + "(truth rate \(workload.errorRate)), mean latency \(mean) ms (truth \(workload.meanLatency))")
        }
    }

    @Test("an unknown workload gives no data, not an error")
    func unknownWorkload() async throws {
        let running = try await ready()
        let source = source(running)
        for name in ["request-count", "error-rate", "mean-latency", "latency-95th-percentile"] {
            let measurement = try await source.measure(
                #require(BuiltinMetrics.named(name)), version: version("ghost-v9"), elapsedSeconds: Self.window, at: nil)
            #expect(measurement.observation == .noData, "\(name)")
        }
    }

    @Test("a bad query is an error carrying Prometheus' own message")
    func badQuery() async throws {
        let running = try await ready()
        let client = source(running).client
        let error = try await #require(throws: PrometheusError.self) { try await client.value(of: "sum(rate(istio_requests_total[5s]") }
        #expect(error.code == .badQuery)
        #expect(error.errorType == "bad_data")
        #expect(error.message.contains("parse error"))
        #expect(error.query == "sum(rate(istio_requests_total[5s]")
    }

    @Test("several series where one value was expected is an error naming the query")
    func severalSeries() async throws {
        let running = try await ready()
        let client = source(running).client
        let query = "sum(increase(istio_requests_total{reporter='source'}[5s])) by (destination_workload_namespace)"
        let error = try await #require(throws: PrometheusError.self) { try await client.value(of: query) }
        #expect(error.code == .unexpectedResult && error.query == query)
    }

    @Test("a stopped Prometheus is unreachable, quickly")
    func stopped() async throws {
        let prometheus = try await PrometheusServer.start(scraping: [], waitForSamples: false)
        let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(120), total: .seconds(120))))
        let client = PrometheusClient(baseURL: prometheus.baseURL, transport: transport)
        #expect(try await client.value(of: "vector(1)") == 1)
        await Task.detached { prometheus.stop() }.value
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await #require(throws: PrometheusError.self) { try await client.value(of: "vector(1)") }
        let elapsed = clock.now - start
        #expect(error.code == .unreachable)
        // Refused at once, not the 120 s timeouts (loose bound: the suite shares 2 cores with busy tests).
        #expect(elapsed < .seconds(60), "took \(elapsed)")
        #expect(error.url == prometheus.baseURL.absoluteString + "/api/v1/query")
    }
}

@Suite("TLS and basic authentication come from the transport's configuration")
struct PrometheusSecurityTests {
    @Test("HTTPS with the test CA and basic auth: answers; a wrong password is an httpStatus 401 error")
    func tlsAndBasicAuth() async throws {
        let ca = try await offPool { try TestCA() }
        let login = PrometheusServer.WebSecurity.adminTest
        let prometheus = try await PrometheusServer.start(
            scraping: [], waitForSamples: false,
            security: .init(tls: (ca.serverCertificate, ca.serverKey), basicAuth: (login.user, login.bcryptHash)))
        func client(password: String) -> PrometheusClient {
            let configuration = CurlTransport.Configuration(
                tls: TLSConfiguration(certificateAuthority: .file(ca.caCertificate.path)),
                authentication: .basic(user: login.user, password: password),
                timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60)))
            return PrometheusClient(baseURL: prometheus.baseURL, transport: CurlTransport(configuration: configuration))
        }
        let good = client(password: login.password)
        var value: Double?
        try await Wait.until("Prometheus to answer over HTTPS", timeout: .seconds(60), interval: .milliseconds(100)) {
            value = try? await good.value(of: "vector(42)")
            return value != nil
        }
        #expect(value == 42)
        #expect(prometheus.baseURL.scheme == "https")
        let error = try await #require(throws: PrometheusError.self) { try await client(password: "wrong").value(of: "vector(42)") }
        #expect(error.code == .httpStatus && error.httpStatus == 401)
        #expect(!error.description.contains("wrong") && !error.description.contains(login.password + "@"))
        let untrusted = PrometheusClient(baseURL: prometheus.baseURL, transport: CurlTransport())
        let tlsError = try await #require(throws: PrometheusError.self) { try await untrusted.value(of: "vector(42)") }
        #expect(tlsError.code == .unreachable && tlsError.cause?.contains("tlsFailure") == true)
    }
}
