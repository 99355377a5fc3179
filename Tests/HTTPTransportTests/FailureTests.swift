import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("Failures become TransportError with a stable code")
struct FailureTests {
    @Test func totalTimeoutIsHonoured() async throws {
        let fixture = try await EchoFixture.shared()
        let transport = try fixture.transport(timeouts: HTTPTimeouts(connect: .seconds(5), total: .milliseconds(300)))
        let clock = ContinuousClock()
        let start = clock.now
        let error = try await transportError {
            try await transport.send(HTTPRequest(url: fixture.server.url("/delay?ms=120000")))
        }
        let elapsed = clock.now - start
        #expect(error.code == .timedOut, "\(error)")
        #expect(error.curlCode == 28)
        // The 300 ms timeout fired, not the server's 120 s delay (loose bound: the suite shares 2 cores).
        #expect(elapsed < .seconds(60), "took \(elapsed)")
    }

    @Test func perRequestTimeoutOverridesTheConfiguration() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let transport = CurlTransport()  // 30 s total by default
        let request = HTTPRequest(
            url: fixture.server.url("/delay?ms=120000"), timeouts: HTTPTimeouts(total: .milliseconds(300)))
        let error = try await transportError { try await transport.send(request) }
        #expect(error.code == .timedOut, "\(error)")
    }

    @Test func refusedConnectionIsCouldNotConnect() async throws {
        let port = try FreePort.next()
        let error = try await transportError {
            try await CurlTransport().send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/x")!))
        }
        #expect(error.code == .couldNotConnect, "\(error)")
        #expect(error.curlCode == 7)
        #expect(error.description.contains("GET http://127.0.0.1:\(port)/x"))
    }

    @Test func cancellationAbortsTheTransfer() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let transport = CurlTransport()
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { try await transport.send(HTTPRequest(url: fixture.server.url("/delay?ms=120000"))) }
        task.cancel()
        let error = try await transportError { try await task.value }
        #expect(error.code == .cancelled, "\(error)")
        #expect(clock.now - start < .seconds(60))  // aborted, not the server's 120 s delay (loose bound: 2 shared cores)
    }

    @Test func cancellationDuringTheTransfer() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let transport = CurlTransport()
        let path = "/delay?ms=120000&id=\(UUID().uuidString)"
        let started = Task { try await transport.send(HTTPRequest(url: fixture.server.url(path))) }
        // Wait until the request reached the server, so the transfer is in progress when cancelled.
        try await Wait.until("the delayed request to reach the server") {
            fixture.server.hasReceived(path)
        }
        started.cancel()
        let error = try await transportError { try await started.value }
        #expect(error.code == .cancelled, "\(error)")
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://127.0.0.1/"])
    func onlyHTTPAndHTTPSAreAllowed(url: String) async throws {
        let error = try await transportError { try await CurlTransport().send(HTTPRequest(url: URL(string: url)!)) }
        #expect(error.code == .invalidRequest, "\(error)")
        #expect(error.curlCode == nil)
    }

    @Test func headerInjectionIsRejectedWithoutEchoingTheValue() async throws {
        let request = HTTPRequest(
            url: URL(string: "http://127.0.0.1:1/")!, headers: ["X-Token": "secret-value\r\nX-Evil: 1"])
        let error = try await transportError { try await CurlTransport().send(request) }
        #expect(error.code == .invalidRequest)
        #expect(error.description.contains("X-Token"))
        #expect(!error.description.contains("secret-value"))
    }

    @Test func unresolvableHostIsResolveFailed() async throws {
        // `.invalid` is reserved (RFC 2606) and never resolves; no traffic leaves the machine.
        let error = try await transportError {
            try await CurlTransport().send(HTTPRequest(url: URL(string: "http://iter8-test.invalid/")!))
        }
        #expect(error.code == .resolveFailed, "\(error)")
    }
}
