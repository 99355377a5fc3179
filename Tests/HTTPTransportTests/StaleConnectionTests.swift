import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("A kept connection the server has closed never fails a request")
struct StaleConnectionTests {
    @Test(arguments: [KeepAliveServer.Mode.plain, .tls], [HTTPMethod.get, .head, .post])
    func connectionClosedWhileIdleIsReplaced(mode: KeepAliveServer.Mode, method: HTTPMethod) async throws {
        let (ca, _) = try await SharedTLSMaterial.material.value
        let server = try await KeepAliveServer.start(mode, ca: ca, closingIdleAfter: .milliseconds(200))
        let tls = TLSConfiguration(certificateAuthority: .file(ca.caCertificate.path))
        let transport = CurlTransport(configuration: .init(tls: tls))
        let first = try await transport.send(HTTPRequest(method: method, url: server.url("/idle/1")))
        let connection = try #require(server.connection(of: method.rawValue, "/idle/1"), "\(server.logTail())")
        #expect(first.status == 200)
        try await Wait.until("the server to close idle connection \(connection)") { server.hasClosed(connection) }
        let second = try await transport.send(HTTPRequest(method: method, url: server.url("/idle/2")))
        #expect(second.status == 200)
        #expect(server.connection(of: method.rawValue, "/idle/2") != connection)
    }

    /// The server takes the next request on a kept connection and closes it unanswered: the race where a server
    /// closes an idle connection just as the client reuses it. libcurl resends a request that got no response on
    /// a reused connection, whatever its method, on a new connection (a body is sent again whole).
    @Test(arguments: [KeepAliveServer.Mode.plain, .mutualTLS], [HTTPMethod.get, .head, .post, .put, .delete])
    func connectionDroppedAsItIsReusedIsRetried(mode: KeepAliveServer.Mode, method: HTTPMethod) async throws {
        let server = try await KeepAliveFixture.server(mode)
        let transport = try await KeepAliveFixture.transport(mode)
        let primed = try await KeepAliveFixture.reply(transport, server, "/drop-next")
        let path = "/dropped/\(method)/\(UUID().uuidString)"
        let body = [HTTPMethod.post, .put].contains(method) ? Data("payload \(path)".utf8) : nil
        let response = try await transport.send(HTTPRequest(method: method, url: server.url(path), body: body))
        #expect(response.status == 200)
        let served = try #require(server.connection(of: method.rawValue, path), "\(server.logTail())")
        #expect(served != primed.connection)
        if method != .head {
            let reply = try KeepAliveReply(json: response.body)
            #expect(reply.connection == served)
            #expect(reply.body == body.map { String(decoding: $0, as: UTF8.self) } ?? "")
        }
    }
}
