import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("Credentials are sent as configured")
struct AuthenticationTests {
    @Test func bearerTokenOverMutualTLS() async throws {
        let fixture = try await EchoFixture.shared()
        let (_, echo) = try await fixture.echo(try fixture.transport(authentication: .bearer(token: "tok-abc.123")))
        #expect(echo.header("Authorization") == ["Bearer tok-abc.123"])
        #expect(echo.clientCommonName == "iter8-tester")
    }

    @Test func basicAuthentication() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let transport = CurlTransport(configuration: .init(authentication: .basic(user: "alice", password: "pa:ss")))
        let (_, echo) = try await fixture.echo(transport)
        let expected = "Basic " + Data("alice:pa:ss".utf8).base64EncodedString()
        #expect(echo.header("authorization") == [expected])
    }

    @Test func noCredentialsByDefault() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let (_, echo) = try await fixture.echo(CurlTransport())
        #expect(echo.header("Authorization").isEmpty)
        #expect(echo.header("User-Agent") == ["iter8"])
    }

    @Test func requestAuthorizationHeaderWinsOverConfiguredCredentials() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let transport = CurlTransport(configuration: .init(authentication: .bearer(token: "configured")))
        let request = HTTPRequest(url: fixture.server.url("/"), headers: ["Authorization": "Bearer per-request"])
        let echo = try EchoReply(json: try await transport.send(request).body)
        #expect(echo.header("Authorization") == ["Bearer per-request"])
    }
}
