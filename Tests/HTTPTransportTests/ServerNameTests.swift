import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("Server certificates are checked against the host name (or the configured TLS server name)")
struct ServerNameTests {
    @Test func certificateNameMismatchIsATLSFailure() async throws {
        let fixture = try await EchoFixture.shared()
        var tls = try fixture.tlsFromMemory()
        tls.serverName = "not-localhost.example"
        let transport = CurlTransport(configuration: .init(tls: tls))
        let error = try await transportError { try await transport.send(HTTPRequest(url: fixture.server.url("/"))) }
        #expect(error.code == .tlsFailure, "\(error)")
        #expect(error.curlCode == 60, "\(error)")  // CURLE_PEER_FAILED_VERIFICATION: no matching name
        #expect(error.url == "https://127.0.0.1:\(fixture.server.port)/")
    }

    @Test func serverNameIsVerifiedWhileConnectingToTheURLAddress() async throws {
        let fixture = try await EchoFixture.shared()
        var tls = try fixture.tlsFromMemory()
        tls.serverName = "localhost"
        let (response, echo) = try await fixture.echo(CurlTransport(configuration: .init(tls: tls)), "/named")
        #expect(response.status == 200)
        #expect(echo.path == "/named")
        #expect(echo.header("Host") == ["127.0.0.1:\(fixture.server.port)"])
    }

    @Test func serverNameMustBeADNSName() async throws {
        var tls = TLSConfiguration()
        tls.serverName = "evil:1:127.0.0.1"
        let transport = CurlTransport(configuration: .init(tls: tls))
        let error = try await transportError {
            try await transport.send(HTTPRequest(url: URL(string: "https://127.0.0.1:1/")!))
        }
        #expect(error.code == .invalidRequest)
    }
}
