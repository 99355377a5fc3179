import Experiments
import Foundation
import HTTPTransport
import Testing
import TestSupport

@testable import PromQL

@Suite("Metric templates rendered per version and read into observations")
struct MetricsSourceTests {
    let version = VersionSpec(name: "reviews-v2", variables: [.init(name: "namespace", value: "bookinfo")])

    /// A source whose stub answers each query by the first matching rule (a substring of the query).
    func makeSource(_ rules: [(String, String)]) -> (PrometheusMetricsSource, ScriptedHTTPTransport) {
        let stub = ScriptedHTTPTransport { request, _ in
            let body = String(decoding: request.body ?? Data(), as: UTF8.self)
            let query = body.split(separator: "&").first { $0.hasPrefix("query=") }.map { String($0.dropFirst(6)) }?
                .removingPercentEncoding ?? ""
            let answer = rules.first { query.contains($0.0) }?.1 ?? PrometheusBodies.vector([])
            return HTTPResponse(status: 200, body: Data(answer.utf8))
        }
        let client = PrometheusClient(baseURL: URL(string: "http://127.0.0.1:9")!, transport: stub)
        return (PrometheusMetricsSource(client: client), stub)
    }

    func one(_ value: String) -> String { PrometheusBodies.vector([([:], value)]) }

    @Test("error-rate gives counts of errors and requests, with the exact rendered queries")
    func ratio() async throws {
        let metric = try #require(BuiltinMetrics.named("error-rate"))
        let (source, _) = makeSource([("(sum(", one("0.05")), ("response_code", one("5.2")), ("istio_requests_total", one("104"))])
        let measurement = try await source.measure(metric, version: version, elapsedSeconds: 30, at: nil)
        #expect(measurement.observation == .counts(events: 5.2, trials: 104))
        #expect(measurement.queries.map(\.role) == ["value", "events", "trials"])
        #expect(measurement.queries[2].query
            == "sum(increase(istio_requests_total{reporter='source',destination_workload='reviews-v2',destination_workload_namespace='bookinfo'}[30s]))")
        let records = measurement.records(version: "reviews-v2", metric: "error-rate")
        #expect(records.map(\.value) == [0.05, 5.2, 104])
    }

    @Test("a ratio without trials is no data; events without a series count as 0")
    func ratioNoData() async throws {
        let metric = try #require(BuiltinMetrics.named("error-rate"))
        let (empty, _) = makeSource([])
        #expect(try await empty.measure(metric, version: version, elapsedSeconds: 30, at: nil).observation == .noData)
        let (noErrors, _) = makeSource([("response_code", PrometheusBodies.vector([])), ("istio_requests_total", one("10"))])
        #expect(try await noErrors.measure(metric, version: version, elapsedSeconds: 30, at: nil).observation
            == .counts(events: 0, trials: 10))
    }

    @Test("mean-latency reads sum, count and the buckets by le into a histogram")
    func histogramMean() async throws {
        let metric = try #require(BuiltinMetrics.named("mean-latency"))
        let buckets = PrometheusBodies.vector([(["le": "+Inf"], "100"), (["le": "50"], "60"), (["le": "100"], "90")])
        let (source, _) = makeSource([
            ("by (le)", buckets), ("(sum(", one("45")), ("duration_milliseconds_sum", one("4500")),
            ("istio_requests_total", one("100")),
        ])
        let measurement = try await source.measure(metric, version: version, elapsedSeconds: 60, at: nil)
        let expected = Histogram(
            buckets: [.init(upperBound: 50, cumulativeCount: 60), .init(upperBound: 100, cumulativeCount: 90),
                      .init(upperBound: .infinity, cumulativeCount: 100)],
            sum: 4500, count: 100)
        #expect(measurement.observation == .histogram(expected))
        #expect(measurement.queries.map(\.role) == ["value", "sum", "count", "buckets"])
        #expect(measurement.queries[3].series.count == 3)
    }

    @Test("le500ms fraction is counts of the le=500 bucket over +Inf")
    func fraction() async throws {
        let metric = try #require(BuiltinMetrics.named("le500ms-latency-percentile"))
        let buckets = PrometheusBodies.vector([(["le": "250"], "70"), (["le": "500"], "95"), (["le": "+Inf"], "100")])
        let (source, _) = makeSource([("by (le)", buckets), ("(sum(", one("0.95"))])
        let measurement = try await source.measure(metric, version: version, elapsedSeconds: 60, at: nil)
        #expect(measurement.observation == .counts(events: 95, trials: 100))
    }

    @Test("a percentile reads buckets; count is the +Inf bucket")
    func quantile() async throws {
        let metric = try #require(BuiltinMetrics.named("latency-95th-percentile"))
        let buckets = PrometheusBodies.vector([(["le": "100"], "50"), (["le": "+Inf"], "60")])
        let (source, _) = makeSource([("histogram_quantile", one("97")), ("by (le)", buckets)])
        let measurement = try await source.measure(metric, version: version, elapsedSeconds: 60, at: nil)
        guard case .histogram(let histogram) = measurement.observation else {
            Issue.record("expected a histogram, got \(measurement.observation)")
            return
        }
        #expect(histogram.count == 60)
        #expect(histogram.sum == 50 * 50 + 10 * 100)
    }

    @Test("a bucket series without le is an unexpected result")
    func bucketWithoutLe() async throws {
        let metric = try #require(BuiltinMetrics.named("latency-95th-percentile"))
        let (source, _) = makeSource([("by (le)", PrometheusBodies.vector([(["pod": "a"], "5")]))])
        let error = try await #require(throws: PrometheusError.self) {
            try await source.measure(metric, version: version, elapsedSeconds: 60, at: nil)
        }
        #expect(error.code == .unexpectedResult)
    }

    @Test("counter and gauge models; elapsedTime is at least 1")
    func counterAndGauge() async throws {
        let counter = try #require(BuiltinMetrics.named("request-count"))
        let (source, stub) = makeSource([("istio_requests_total", one("12"))])
        let measurement = try await source.measure(counter, version: version, elapsedSeconds: 0, at: nil)
        #expect(measurement.observation == .counter(12))
        #expect(measurement.queries[0].query.hasSuffix("[1s]))"))
        #expect(stub.requests.count == 1)
        let gauge = MetricDefinition(name: "cpu", type: .gauge, query: QueryTemplate("avg(cpu{pod=~'$name-.*'})"), model: .gauge)
        let (gaugeSource, _) = makeSource([("cpu", one("0.5"))])
        #expect(try await gaugeSource.measure(gauge, version: version, elapsedSeconds: 5, at: nil).observation
            == .gauge(value: 0.5, sampleSize: nil))
        let (none, _) = makeSource([])
        #expect(try await none.measure(counter, version: version, elapsedSeconds: 5, at: nil).observation == .noData)
    }

    @Test("an unknown placeholder fails before any query is sent")
    func unknownPlaceholder() async throws {
        let metric = MetricDefinition(name: "m", type: .counter, query: QueryTemplate("sum(x{app='$app'})"), model: .counter)
        let (source, stub) = makeSource([])
        let error = try await #require(throws: PrometheusError.self) {
            try await source.measure(metric, version: version, elapsedSeconds: 5, at: nil)
        }
        #expect(error.code == .invalidTemplate)
        #expect(error.message.contains("$app"))
        #expect(stub.requests.isEmpty)
    }

    /// The built-in request count, error-rate's trials and mean-latency's count are one query: at one evaluation time
    /// it is sent once and every metric records the same answer. At another time, or at the server's now, it is sent
    /// again.
    @Test("a query repeated at the same time is sent once")
    func repeatedQueriesAreSentOnce() async throws {
        let names = ["request-count", "error-rate", "mean-latency"]
        let metrics = try names.map { try #require(BuiltinMetrics.named($0)) }
        let buckets = PrometheusBodies.vector([(["le": "+Inf"], "100"), (["le": "50"], "60")])
        let (source, stub) = makeSource([
            ("by (le)", buckets), ("(sum(", one("45")), ("duration_milliseconds_sum", one("4500")),
            ("response_code", one("2")), ("istio_requests_total", one("100")),
        ])
        func sentQueries() -> [String] {
            stub.requests.compactMap { request in
                String(decoding: request.body ?? Data(), as: UTF8.self).split(separator: "&")
                    .first { $0.hasPrefix("query=") }.map { String($0.dropFirst(6)).removingPercentEncoding ?? "" }
            }
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var recorded: [String] = []
        for metric in metrics {
            let measurement = try await source.measure(metric, version: version, elapsedSeconds: 60, at: now)
            recorded += measurement.queries.map(\.query)
        }
        #expect(recorded.count == 8)  // request-count 1, error-rate 3, mean-latency 4
        #expect(Set(recorded).count == 6)  // the request count thrice
        #expect(sentQueries().count == 6)
        #expect(Set(sentQueries()) == Set(recorded))
        let trials = try await source.measure(metrics[1], version: version, elapsedSeconds: 60, at: now)
        #expect(trials.observation == .counts(events: 2, trials: 100))
        #expect(sentQueries().count == 6)

        _ = try await source.measure(metrics[0], version: version, elapsedSeconds: 60, at: now.addingTimeInterval(20))
        #expect(sentQueries().count == 7)
        _ = try await source.measure(metrics[0], version: version, elapsedSeconds: 60, at: nil)
        _ = try await source.measure(metrics[0], version: version, elapsedSeconds: 60, at: nil)
        #expect(sentQueries().count == 9)
    }

    @Test("recent answers are bounded: the oldest pair goes first")
    func recentAnswersAreBounded() {
        let recent = RecentAnswers()
        let time = Date(timeIntervalSince1970: 1_800_000_000)
        for index in 0..<(RecentAnswers.capacity + 10) {
            recent.keep(.scalar(Double(index)), for: "q\(index)", at: time)
        }
        #expect(recent.count == RecentAnswers.capacity)
        #expect(recent.answer("q0", at: time) == nil)
        #expect(recent.answer("q9", at: time) == nil)
        #expect(recent.answer("q10", at: time) == .scalar(10))
        #expect(recent.answer("q\(RecentAnswers.capacity + 9)", at: time) == .scalar(Double(RecentAnswers.capacity + 9)))
        let wide = QueryResult.vector((0...RecentAnswers.maximumSamples).map { Sample(labels: ["i": "\($0)"], value: 1, timestamp: 0) })
        recent.keep(wide, for: "wide", at: time)  // too wide to keep
        #expect(recent.answer("wide", at: time) == nil)
        recent.keep(.scalar(-1), for: "q10", at: time)  // kept again: replaced, nothing dropped
        #expect(recent.count == RecentAnswers.capacity)
        #expect(recent.answer("q10", at: time) == .scalar(-1))
    }
}
