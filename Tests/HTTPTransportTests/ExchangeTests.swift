import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("Requests and responses round-trip")
struct ExchangeTests {
    @Test func postBodyRoundTrips() async throws {
        let fixture = try await EchoFixture.shared()
        let body = #"{"kind":"Experiment","name":"reviews-ü"}"#
        let request = HTTPRequest(
            method: .post, url: fixture.server.url("/apis/x"), headers: ["Content-Type": "application/json"],
            body: Data(body.utf8))
        let response = try await fixture.transport().send(request)
        let echo = try EchoReply(json: response.body)
        #expect(echo.method == "POST")
        #expect(echo.path == "/apis/x")
        #expect(echo.body == body)
        #expect(echo.header("Content-Type") == ["application/json"])
        #expect(echo.header("Content-Length") == ["\(Data(body.utf8).count)"])
        #expect(echo.header("Expect").isEmpty)
    }

    @Test(arguments: [HTTPMethod.put, .patch, .delete])
    func otherMethodsCarryTheirBody(method: HTTPMethod) async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let request = HTTPRequest(method: method, url: fixture.server.url("/r"), body: Data("payload".utf8))
        let echo = try EchoReply(json: try await CurlTransport().send(request).body)
        #expect(echo.method == method.rawValue)
        #expect(echo.body == "payload")
        #expect(echo.header("Content-Type").isEmpty)  // libcurl's form default is suppressed
    }

    @Test func responseHeadersAreParsed() async throws {
        let fixture = try await EchoFixture.shared()
        let (response, _) = try await fixture.echo(try fixture.transport())
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.headers.values(for: "x-echo-multi") == ["one", "two"])
        #expect(response.headers.allSatisfy { $0.name == $0.name.lowercased() })
        #expect(response.headers["content-length"] == "\(response.body.count)")
    }

    @Test(arguments: [418, 404, 500, 302])
    func nonSuccessStatusIsAResponse(status: Int) async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let response = try await CurlTransport().send(HTTPRequest(url: fixture.server.url("/status/\(status)")))
        #expect(response.status == status)
        #expect(!response.isSuccess)
        #expect(response.text.contains("/status/\(status)"))
    }

    @Test func headHasNoBody() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let response = try await CurlTransport().send(HTTPRequest(method: .head, url: fixture.server.url("/")))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.headers["content-type"] == "application/json")
    }

    @Test func concurrentRequestsAllSucceed() async throws {
        let fixture = try await EchoFixture.shared()
        let transport = try fixture.transport(authentication: .bearer(token: "concurrent"))
        let paths = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<20 {
                group.addTask {
                    let response = try await transport.send(HTTPRequest(url: fixture.server.url("/item/\(index)")))
                    let echo = try EchoReply(json: response.body)
                    guard response.status == 200, echo.clientCommonName == "iter8-tester" else {
                        throw ExpectedFailure(description: "request \(index): \(response)")
                    }
                    return echo.path
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(paths == Set((0..<20).map { "/item/\($0)" }))
    }
}
