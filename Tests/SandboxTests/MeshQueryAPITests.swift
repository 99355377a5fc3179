import Experiments
import Foundation
import HTTPTransport
import PromQL
@testable import Sandbox
import Testing

@Suite("The mesh's Prometheus query API: simulated time, windows, JSON and errors")
struct MeshQueryAPITests {
    static let requestCount = BuiltinMetrics.named("request-count")!

    @Test("now is the epoch plus the whole simulated seconds; a fraction does not count")
    func clock() async throws {
        let mesh = try await MeshQueryFixtures.mesh()
        #expect(await mesh.now == mesh.epoch)
        try await mesh.advance(simulatedSeconds: 2.5)
        #expect(await mesh.now == mesh.epoch.addingTimeInterval(2))
        try await mesh.advance(simulatedSeconds: 0.5)
        #expect(await mesh.now == Date(timeIntervalSince1970: 1_700_000_003))
        let defaultEpoch = MeshConfiguration().epoch.timeIntervalSince1970
        #expect(defaultEpoch == defaultEpoch.rounded(.down) && abs(defaultEpoch - Date().timeIntervalSince1970) < 5)
    }

    @Test("increase windows end at `time` and start `window` seconds before, clamped to the oldest snapshot")
    func windows() async throws {
        let mesh = try await MeshQueryFixtures.mesh(historySeconds: 15)
        var snapshots: [Int: MeshMetrics] = [0: await mesh.metrics]
        for step in [5, 5, 5, 5, 10] {
            try await mesh.advance(simulatedSeconds: Double(step))
            let metrics = await mesh.metrics
            snapshots[metrics.simulatedSeconds] = metrics
        }
        let epoch = mesh.epoch
        try await MeshFixtures.serving(mesh) { server in
            let source = MeshQueryFixtures.source(server)
            let version = MeshQueryFixtures.version("reviews-v1")
            func truth(_ end: Int, _ start: Int) -> Double {
                let later = MeshQueryFixtures.Truth(snapshots[end]!, workload: "reviews-v1")
                return later.minus(MeshQueryFixtures.Truth(snapshots[start]!, workload: "reviews-v1")).requests
            }
            func count(window: Int, at second: Double?) async throws -> Observation {
                try await source.measure(
                    Self.requestCount, version: version, elapsedSeconds: window,
                    at: second.map { epoch.addingTimeInterval($0) }
                ).observation
            }
            // 30 s simulated, 15 s kept: snapshots 15…30.
            let cases: [(window: Int, at: Double?, expected: Observation)] = [
                (10, 30, .counter(truth(30, 20))),
                (10, nil, .counter(truth(30, 20))),
                (5, 20, .counter(truth(20, 15))),
                (5, 20.7, .counter(truth(20, 15))),  // a time within a second reads that second
                (25, 30, .counter(truth(30, 15))),  // clamped to the oldest kept snapshot
                (5, 10, .noData),  // before the oldest kept snapshot
                (5, 100, .counter(truth(30, 30))),  // the future reads the newest
            ]
            for entry in cases {
                let observed = try await count(window: entry.window, at: entry.at)
                #expect(observed == entry.expected, "window \(entry.window) at \(entry.at.map(String.init(describing:)) ?? "now")")
            }
            #expect(truth(30, 20) > 500)
        }
    }

    @Test("rate is increase divided by the window; sum by and sum … by agree; vector arithmetic matches on labels")
    func evaluation() async throws {
        let mesh = try await MeshQueryFixtures.mesh()
        try await mesh.advance(simulatedSeconds: 20)
        let metrics = await mesh.metrics
        let v1 = MeshQueryFixtures.Truth(metrics, workload: "reviews-v1")
        let v2 = MeshQueryFixtures.Truth(metrics, workload: "reviews-v2")
        func vector(_ query: String) async throws -> [MeshQuerySample] {
            guard case .vector(let samples) = try await mesh.query(query) else { throw MeshQueryError(.execution, "not a vector") }
            return samples
        }
        let rate = try #require(try await vector("sum(rate(istio_requests_total[10s]))").first?.value)
        let increase = try #require(try await vector("sum(increase(istio_requests_total[10s]))").first?.value)
        #expect(MeshQueryFixtures.close(rate, increase / 10) && increase == 1000)  // 100 requests per second, exactly
        let byWorkload = try await vector(#"sum by (destination_workload) (increase(istio_requests_total{reporter="source"}[1m]))"#)
        #expect(byWorkload == [
            MeshQuerySample(labels: ["destination_workload": "reviews-v1"], value: v1.requests),
            MeshQuerySample(labels: ["destination_workload": "reviews-v2"], value: v2.requests),
        ])
        #expect(try await vector(#"sum(increase(istio_requests_total{reporter="source"}[1m])) by (destination_workload)"#) == byWorkload)
        let ratio = try await vector(
            "sum by (destination_workload) (increase(istio_requests_total{response_code=~'5..'}[1h]))"
                + " / sum by (destination_workload) (increase(istio_requests_total[1h]))")
        #expect(ratio.map(\.value) == [v1.errors / v1.requests, v2.errors / v2.requests])
        #expect(try await vector("istio_requests_total{destination_workload!='reviews-v1', response_code!~\"2..\"}").map(\.value) == [v2.errors])
        #expect(try await vector("sum(istio_requests_total{destination_workload=\"nope\"}) or on() vector(0)")
            == [MeshQuerySample(labels: [:], value: 0)])
        #expect(try await vector("sum(istio_requests_total) or on() vector(0)") == [MeshQuerySample(labels: [:], value: v1.requests + v2.requests)])
        #expect(try await mesh.query("(1 + 2) * -3 / 2") == .scalar(-4.5))
        #expect(try await vector("vector(2) * 3 - 1") == [MeshQuerySample(labels: [:], value: 5)])
        let books = try await vector("books_purchased_total{destination_workload=\"reviews-v2\"}")
        #expect(books == [MeshQuerySample(
            labels: ["__name__": "books_purchased_total", "destination_workload": "reviews-v2", "destination_workload_namespace": "default"],
            value: v2.reward)])
    }

    @Test("histogram_quantile interpolates linearly within the bucket, as Prometheus does")
    func quantile() async throws {
        var metrics = MeshMetrics()
        let key = MeshMetrics.SeriesKey(workload: "w", namespace: "n", service: "s.n.svc.cluster.local", version: "v1", responseCode: 200)
        var series = MeshMetrics.Series()
        for latency in [7.0, 8, 20, 20, 20, 20, 1e9, 1e9] { series.record(milliseconds: latency) }  // le 10: 2, le 25: 6, +Inf: 8
        metrics.series[key] = series
        metrics.simulatedSeconds = 1
        var history = MeshHistory(limit: 10)
        history.record(metrics)
        let evaluator = QueryEvaluator(history: history, epoch: 0)
        func quantile(_ q: Double) throws -> Double? {
            let query = "histogram_quantile(\(q), sum by (le) (istio_request_duration_milliseconds_bucket))"
            guard case .vector(let samples) = try evaluator.evaluate(try QueryParser.parse(query), at: 1) else { return nil }
            return samples.first?.value
        }
        #expect(try quantile(0.5) == 17.5)  // rank 4 in (10, 25]: 10 + 15 × 2/4
        #expect(try quantile(0.1) == 7)  // rank 0.8 in (5, 10]: 5 + 5 × 0.8/2
        #expect(try quantile(0.9) == 3_600_000)  // rank in +Inf: the highest finite bound
        #expect(HistogramQuantile.quantile(0.5, [(10, 0), (.infinity, 0)]).isNaN)
        #expect(HistogramQuantile.quantile(0.5, [(10, 5)]).isNaN)
    }

    @Test("GET and POST answer Prometheus' JSON exactly, with the evaluation time")
    func json() async throws {
        let mesh = try await MeshQueryFixtures.mesh()
        try await mesh.advance(simulatedSeconds: 3)
        try await MeshFixtures.serving(mesh) { server in
            let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
            let get = try await transport.send(HTTPRequest(
                method: .get, url: URL(string: "\(server.prometheusURL)api/v1/query?query=vector(1)%2B0.5&time=1700000000.25")!))
            #expect(get.status == 200)
            #expect(get.headers["Content-Type"] == "application/json")
            #expect(String(decoding: get.body, as: UTF8.self)
                == #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000.25,"1.5"]}]}}"#)
            let post = try await transport.send(HTTPRequest(
                method: .post, url: URL(string: "\(server.prometheusURL)api/v1/query")!,
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data("query=1+%2F+1024+%2F+1024".utf8)))
            #expect(String(decoding: post.body, as: UTF8.self)
                == #"{"status":"success","data":{"resultType":"scalar","result":[1700000003,"0.00000095367431640625"]}}"#)
            let bad = try await transport.send(HTTPRequest(
                method: .get, url: URL(string: "\(server.prometheusURL)api/v1/query?query=up&time=yesterday")!))
            #expect(bad.status == 400)
            #expect(String(decoding: bad.body, as: UTF8.self)
                == #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"time\": cannot parse \"yesterday\" to a valid timestamp"}"#)
            let ready = try await transport.send(HTTPRequest(method: .get, url: URL(string: "\(server.prometheusURL)-/ready")!))
            #expect(ready.status == 200)
            let value = try await MeshQueryFixtures.client(server).query(
                "istio_requests_total{destination_workload='reviews-v1',response_code='200'}")
            guard case .vector(let samples) = value, let sample = samples.first else {
                Issue.record("got \(value)")
                return
            }
            #expect(sample.timestamp == 1_700_000_003)
            #expect(sample.labels["__name__"] == "istio_requests_total" && sample.labels["destination_version"] == "v1")
            #expect(sample.value == Double((await mesh.metrics).requests(workload: "reviews-v1", responseCode: 200)))
        }
    }

    @Test("unsupported or malformed queries are 400 bad_data naming the position and the construct",
        arguments: [
            ("avg(istio_requests_total)", "1:1", "aggregation \"avg\""),
            ("sum(increase(istio_requests_total[5m] offset 1m))", "1:39", "offset"),
            ("label_replace(up, 'a', 'b', 'c', 'd')", "1:1", "function \"label_replace\""),
            ("istio_requests_total{reporter=\"source\"", "1:39", "expected \"}\""),
            ("increase(istio_requests_total)", "1:10", "expected type range vector"),
            ("istio_requests_total[5m]", "1:1", "top level"),
            ("sum(up) > 1", "1:9", "comparison"),
            ("up and on() vector(1)", "1:4", "\"and\""),
            ("up{a=~\"(\"}", "1:7", "invalid regular expression"),
            ("rate(up[5x])", "1:10", "bad duration"),
            ("", "1:1", "no expression"),
            ("sum(up) / ignoring(a) sum(up)", "1:11", "ignoring"),
            ("rate(up[5m:1m])", "1:11", "subqueries"),
            ("up{a='b\\q'}", "1:8", "escape"),
        ])
    func errors(query: String, position: String, construct: String) async throws {
        let mesh = try await MeshQueryFixtures.mesh()
        try await MeshFixtures.serving(mesh) { server in
            let error = await #expect(throws: PrometheusError.self) {
                try await MeshQueryFixtures.client(server).query(query)
            }
            #expect(error?.code == .badQuery)
            #expect(error?.httpStatus == 400 && error?.errorType == "bad_data")
            let message = error?.message ?? ""
            #expect(message.hasPrefix("invalid parameter \"query\": \(position): parse error: "), "\(message)")
            #expect(message.contains(construct), "\(message)")
        }
    }
}
