import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("Redirects are returned, never followed")
struct RedirectTests {
    @Test func redirectIsReturnedWithItsLocation() async throws {
        let fixture = try await EchoFixture.shared(.plainHTTP)
        let (ca, _) = try await SharedTLSMaterial.material.value
        let elsewhere = try await TLSEchoServer.start(ca: ca, mode: .plainHTTP)
        let target = elsewhere.url("/stolen").absoluteString
        let transport = CurlTransport(configuration: .init(authentication: .bearer(token: "do-not-forward")))
        let request = HTTPRequest(url: fixture.server.url("/redirect?to=\(target)"))
        let response = try await transport.send(request)
        #expect(response.status == 302)
        #expect(response.headers["location"] == target)
        #expect(!elsewhere.hasReceived("/stolen"))
    }
}
