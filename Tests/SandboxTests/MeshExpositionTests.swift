import Foundation
import HTTPTransport
import Kubernetes
@testable import Sandbox
import Testing

/// A strict reader of Prometheus text format 0.0.4 sample lines, for the tests.
struct ExpositionSample: Equatable {
    var name: String
    var labels: [String: String]
    var value: Double
    /// The optional last field: milliseconds since 1970.
    var timestamp: Int64? = nil

    static func parse(_ text: String) throws -> [ExpositionSample] {
        var samples: [ExpositionSample] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.isEmpty || line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
            samples.append(try sample(line))
        }
        return samples
    }

    struct Malformed: Error { var line: String }

    static func sample(_ line: String) throws -> ExpositionSample {
        var chars = Array(line)[...]
        var name = ""
        while let c = chars.first, c.isLetter || c.isNumber || c == "_" || c == ":" { name.append(c); chars.removeFirst() }
        guard !name.isEmpty else { throw Malformed(line: line) }
        var labels: [String: String] = [:]
        if chars.first == "{" {
            chars.removeFirst()
            while chars.first != "}" {
                var key = ""
                while let c = chars.first, c != "=" { key.append(c); chars.removeFirst() }
                guard chars.popFirst() == "=", chars.popFirst() == "\"" else { throw Malformed(line: line) }
                var value = ""
                while let c = chars.popFirst(), c != "\"" {
                    if c == "\\" {
                        switch chars.popFirst() {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: throw Malformed(line: line)
                        }
                    } else {
                        value.append(c)
                    }
                }
                labels[key] = value
                if chars.first == "," { chars.removeFirst() }
                guard !chars.isEmpty else { throw Malformed(line: line) }
            }
            chars.removeFirst()
        }
        let fields = String(chars).split(separator: " ", omittingEmptySubsequences: false)
        guard chars.first == " ", fields.count == 2 || fields.count == 3, let value = Double(fields[1]) else {
            throw Malformed(line: line)
        }
        var timestamp: Int64?
        if fields.count == 3 {
            guard let stamp = Int64(fields[2]) else { throw Malformed(line: line) }
            timestamp = stamp
        }
        return ExpositionSample(name: name, labels: labels, value: value, timestamp: timestamp)
    }
}

@Suite("Mesh metrics in Prometheus text format 0.0.4")
struct MeshExpositionTests {
    @Test("the exposition parses; buckets are Istio's, cumulative and monotonic; +Inf equals _count")
    func parses() async throws {
        let store = try await MeshFixtures.store(
            http: [MeshFixtures.split(80, 20)],
            v1Annotations: [WorkloadProfile.latencyAnnotation: "300", WorkloadProfile.sigmaAnnotation: "1.5"],
            v2Annotations: [WorkloadProfile.errorRateAnnotation: "0.3", WorkloadProfile.rewardAnnotation: "0.5"])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 50, seed: 2))
        try await mesh.advance(simulatedSeconds: 20)
        let metrics = await mesh.metrics
        let text = metrics.exposition()
        #expect(text.contains("# TYPE istio_requests_total counter\n"))
        #expect(text.contains("# TYPE istio_request_duration_milliseconds histogram\n"))
        #expect(text.contains("# TYPE books_purchased_total counter\n"))
        let samples = try ExpositionSample.parse(text)
        #expect(samples.allSatisfy { $0.timestamp == nil })  // as Istio's exporters: Prometheus stamps its scrape

        let requests = samples.filter { $0.name == "istio_requests_total" }
        #expect(requests.count == 3)  // v1 200, v2 200, v2 500
        #expect(requests.reduce(0) { $0 + $1.value } == 1000)
        for sample in requests {
            #expect(sample.labels["reporter"] == "source")
            #expect(sample.labels["source_workload"] == "sandbox-traffic")
            #expect(sample.labels["destination_workload_namespace"] == "default")
            #expect(sample.labels["destination_service"] == "reviews.default.svc.cluster.local")
            #expect(["200", "500"].contains(sample.labels["response_code"] ?? ""))
        }
        #expect(requests.contains { $0.labels["destination_workload"] == "reviews-v2" && $0.labels["response_code"] == "500" })

        let expectedBounds = ["1", "2", "5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000",
            "30000", "60000", "300000", "600000", "1800000", "3600000", "+Inf"]
        for series in requests {
            let match = { (sample: ExpositionSample) in
                var labels = sample.labels
                labels["le"] = nil
                return labels == series.labels
            }
            let buckets = samples.filter { $0.name == "istio_request_duration_milliseconds_bucket" && match($0) }
            #expect(buckets.map { $0.labels["le"] ?? "" } == expectedBounds)
            #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value })
            let count = samples.first { $0.name == "istio_request_duration_milliseconds_count" && match($0) }
            #expect(buckets.last?.value == series.value)
            #expect(count?.value == series.value)
            #expect(samples.contains { $0.name == "istio_request_duration_milliseconds_sum" && match($0) && $0.value > 0 })
        }
        let v1Buckets = samples.filter {
            $0.name == "istio_request_duration_milliseconds_bucket" && $0.labels["destination_workload"] == "reviews-v1"
        }
        // σ 1.5 spreads latencies over several buckets: the histogram is not a single step.
        #expect(Set(v1Buckets.map(\.value)).count > 4)
        let rewards = samples.filter { $0.name == "books_purchased_total" }
        #expect(Set(rewards.map { $0.labels["destination_workload"] ?? "" }) == ["reviews-v1", "reviews-v2"])
        #expect(rewards.first { $0.labels["destination_workload"] == "reviews-v1" }?.value == 0)
        #expect(Int(rewards.first { $0.labels["destination_workload"] == "reviews-v2" }?.value ?? 0)
            == metrics.reward(workload: "reviews-v2"))
    }

    @Test("label values escape backslash, double quote and line feed")
    func escaping() throws {
        var metrics = MeshMetrics()
        let odd = "a\\b\"c\nd"
        let key = MeshMetrics.SeriesKey(workload: odd, namespace: "ns", service: "s.ns.svc.cluster.local", version: "v", responseCode: 200)
        metrics.series[key, default: MeshMetrics.Series()].record(milliseconds: 7)
        let text = metrics.exposition()
        #expect(text.contains(#"destination_workload="a\\b\"c\nd""#))
        let samples = try ExpositionSample.parse(text)
        #expect(samples.first { $0.name == "istio_requests_total" }?.labels["destination_workload"] == odd)
        let buckets = samples.filter { $0.name == "istio_request_duration_milliseconds_bucket" }.map(\.value)
        #expect(buckets == [0, 0, 0] + Array(repeating: 1, count: 17))
    }

    @Test("the metrics server serves the exposition at /metrics over plain HTTP on 127.0.0.1")
    func server() async throws {
        let store = try await MeshFixtures.store(http: [MeshFixtures.split(50, 50)])
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 1))
        try await mesh.advance(simulatedSeconds: 3)
        try await MeshFixtures.serving(mesh) { server in
            let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
            let response = try await transport.send(HTTPRequest(method: .get, url: server.url))
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"] == MeshMetrics.contentType)
            let body = String(decoding: response.body, as: UTF8.self)
            #expect(body == (await mesh.metrics).exposition())
            #expect(try ExpositionSample.parse(body).contains { $0.name == "istio_requests_total" })
        }
    }

    @Test("with stampSamples, every sample carries the mesh's simulated second, in milliseconds")
    func stamped() async throws {
        let store = try await MeshFixtures.store(
            http: [MeshFixtures.split(50, 50)], v2Annotations: [WorkloadProfile.rewardAnnotation: "0.5"])
        let epoch = Date(timeIntervalSince1970: 1_700_000_000)
        let mesh = SimulatedMesh(store: store, configuration: MeshConfiguration(requestsPerSecond: 10, seed: 1, epoch: epoch))
        try await mesh.advance(simulatedSeconds: 3.5)
        try await MeshFixtures.serving(mesh, stampSamples: true) { server in
            let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
            let body = String(decoding: try await transport.send(HTTPRequest(method: .get, url: server.url)).body, as: UTF8.self)
            let samples = try ExpositionSample.parse(body)
            #expect(Set(samples.map(\.name)).isSuperset(of: ["istio_requests_total", "books_purchased_total"]))
            #expect(samples.allSatisfy { $0.timestamp == 1_700_000_003_000 }, "the whole seconds passed, not the pending half")
            #expect(samples.map { $0.value } == (try ExpositionSample.parse((await mesh.metrics).exposition())).map(\.value))
        }
    }
}
