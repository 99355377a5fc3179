import Foundation
import HTTPTransport
import Testing
import TestSupport

@testable import PromQL

@Suite("Prometheus instant-query responses")
struct ResponseParsingTests {
    let url = URL(string: "https://ops:s3cret@prometheus.example:9090/prom?token=abc")!

    func client(_ transport: ScriptedHTTPTransport) -> PrometheusClient { PrometheusClient(baseURL: url, transport: transport) }

    @Test("a one-series vector is its value")
    func vector() async throws {
        let stub = PrometheusBodies.transport(PrometheusBodies.vector([(["destination_workload": "reviews-v2"], "142.81000000000003")]))
        let value = try await client(stub).value(of: "sum(x)")
        #expect(value == 142.81000000000003)
    }

    @Test("a scalar is its value")
    func scalar() async throws {
        let stub = PrometheusBodies.transport(#"{"status":"success","data":{"resultType":"scalar","result":[1700000000,"0.25"]}}"#)
        #expect(try await client(stub).value(of: "scalar(x)") == 0.25)
    }

    @Test("an empty vector is no data")
    func empty() async throws {
        let stub = PrometheusBodies.transport(PrometheusBodies.vector([]))
        #expect(try await client(stub).value(of: "sum(x)") == nil)
        #expect(try await client(stub).series(of: "sum(x) by (le)").isEmpty)
    }

    @Test("NaN and ±Inf are no data", arguments: ["NaN", "+Inf", "-Inf"])
    func notFinite(_ text: String) async throws {
        let stub = PrometheusBodies.transport(PrometheusBodies.vector([([:], text)]))
        #expect(try await client(stub).value(of: "a / b") == nil)
        let scalar = PrometheusBodies.transport("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"\(text)\"]}}")
        #expect(try await client(scalar).value(of: "a / b") == nil)
    }

    @Test("several series where one was expected is an error naming the query and the series")
    func severalSeries() async throws {
        let stub = PrometheusBodies.transport(PrometheusBodies.vector([(["version": "v1"], "1"), (["version": "v2"], "2")]))
        let error = try await #require(throws: PrometheusError.self) { try await client(stub).value(of: "sum(x) by (version)") }
        #expect(error.code == .unexpectedResult)
        #expect(error.query == "sum(x) by (version)")
        #expect(error.message.contains("got 2") && error.message.contains("version=\"v2\""))
    }

    @Test("a status error body gives Prometheus' errorType and message")
    func errorBody() async throws {
        let body = #"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \"}\""}"#
        let stub = PrometheusBodies.transport(status: 400, body)
        let error = try await #require(throws: PrometheusError.self) { try await client(stub).value(of: "sum(}") }
        #expect(error.code == .badQuery)
        #expect(error.errorType == "bad_data")
        #expect(error.httpStatus == 400)
        #expect(error.message == "1:5: parse error: unexpected \"}\"")
        let execution = PrometheusBodies.transport(status: 422, #"{"status":"error","errorType":"execution","error":"many-to-many"}"#)
        let failed = try await #require(throws: PrometheusError.self) { try await client(execution).value(of: "a / b") }
        #expect(failed.code == .queryFailed && failed.errorType == "execution")
    }

    @Test("a non-JSON body: badResponse on 2xx, httpStatus otherwise; the URL is redacted")
    func nonJSON() async throws {
        let ok = PrometheusBodies.transport("<html>hello</html>")
        let bad = try await #require(throws: PrometheusError.self) { try await client(ok).value(of: "up") }
        #expect(bad.code == .badResponse)
        let proxy = PrometheusBodies.transport(status: 502, "Bad Gateway")
        let status = try await #require(throws: PrometheusError.self) { try await client(proxy).value(of: "up") }
        #expect(status.code == .httpStatus && status.httpStatus == 502)
        #expect(status.message.contains("Bad Gateway"))
        for error in [bad, status] {
            #expect(!error.description.contains("s3cret") && !error.description.contains("token=abc"))
            #expect(error.url == "https://REDACTED@prometheus.example:9090/prom/api/v1/query")
        }
    }

    @Test("a matrix result is an unexpected result, not data")
    func matrix() async throws {
        let stub = PrometheusBodies.transport(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#)
        let error = try await #require(throws: PrometheusError.self) { try await client(stub).value(of: "x[5m]") }
        #expect(error.code == .unexpectedResult)
        #expect(error.message.contains("matrix"))
    }

    @Test("a transport failure is unreachable, with the cause")
    func unreachable() async throws {
        let stub = ScriptedHTTPTransport { request, _ in
            throw TransportError(
                code: .couldNotConnect, curlCode: 7, message: "Couldn't connect to server", method: "POST",
                url: request.url.absoluteString)
        }
        let error = try await #require(throws: PrometheusError.self) { try await client(stub).value(of: "up") }
        #expect(error.code == .unreachable)
        #expect(error.cause?.contains("couldNotConnect") == true)
    }

    @Test("the request is a form-encoded POST to /api/v1/query with query and time")
    func request() async throws {
        let stub = PrometheusBodies.transport(PrometheusBodies.vector([]))
        let query = "sum(increase(istio_requests_total{response_code=~'5..',x=\"a b&c\"}[30s]))"
        _ = try await client(stub).value(of: query, at: Date(timeIntervalSince1970: 1_700_000_000.25))
        let sent = try #require(stub.requests.first)
        #expect(sent.method == .post)
        #expect(sent.url.path == "/prom/api/v1/query")
        #expect(sent.headers["Content-Type"] == "application/x-www-form-urlencoded")
        let body = String(decoding: sent.body ?? Data(), as: UTF8.self)
        let fields = Dictionary(uniqueKeysWithValues: body.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts[1].removingPercentEncoding ?? "")
        })
        #expect(fields["query"] == query)
        #expect(fields["time"] == "1700000000.250")
        #expect(!body.contains(" ") && !body.contains("+"))
    }
}
