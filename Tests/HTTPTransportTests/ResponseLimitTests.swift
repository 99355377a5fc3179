import Foundation
import HTTPTransport
import TestSupport
import Testing

/// Response bodies are bounded: past the limit the transfer is aborted with a typed error, having read no more
/// than the limit (and the socket buffers) from a server that sends a huge or endless body.
@Suite("Response body limit")
struct ResponseLimitTests {
    static let limit = 1 << 20
    /// What a client that honours a 1 MiB limit can have pulled off the wire: the limit plus the kernel's socket
    /// buffers on both sides (several MiB on loopback).
    static let drainBound = 32 << 20

    static func transport(limit: Int = limit) -> CurlTransport {
        CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(10), total: .seconds(60)), maximumResponseBytes: limit))
    }

    @Test("an endless body without Content-Length fails with responseTooLarge and memory stays bounded")
    func endless() async throws {
        let server = try FloodServer(body: .undeclared(nil))
        defer { server.stop() }
        let error = try await transportError { try await Self.transport().send(HTTPRequest(url: server.url("/flood"))) }
        #expect(error.code == .responseTooLarge, "\(error)")
        #expect(error.limit == Self.limit)
        #expect(error.description.contains("exceeds the limit of 1048576 bytes"), "\(error)")
        // The client stopped reading: what the server got onto the socket is the limit plus socket buffers. (Memory
        // is measured in Benchmarks/peers, not here: this process runs hundreds of other tests at the same time.)
        #expect(server.bytesSent < Self.drainBound, "the server sent \(server.bytesSent) bytes")
    }

    @Test("a body announced longer than the limit is refused from its Content-Length, before it is read")
    func declared() async throws {
        let server = try FloodServer(body: .declared(256 << 20))
        defer { server.stop() }
        let error = try await transportError { try await Self.transport().send(HTTPRequest(url: server.url())) }
        #expect(error.code == .responseTooLarge, "\(error)")
        #expect(server.bytesSent < Self.drainBound, "the server sent \(server.bytesSent) bytes")
    }

    @Test("a body of exactly the limit is accepted; one byte more is not")
    func boundary() async throws {
        for (body, accepted) in [(FloodServer.Body.declared(Self.limit), true), (.undeclared(Self.limit), true),
                                  (.declared(Self.limit + 1), false), (.undeclared(Self.limit + 1), false)] {
            let server = try FloodServer(body: body)
            defer { server.stop() }
            let request = HTTPRequest(url: server.url())
            if accepted {
                let response = try await Self.transport().send(request)
                #expect(response.body.count == Self.limit, "\(body)")
            } else {
                let error = try await transportError { try await Self.transport().send(request) }
                #expect(error.code == .responseTooLarge, "\(body): \(error)")
            }
        }
    }

    @Test("a request's own limit overrides the transport's, both ways")
    func requestOverride() async throws {
        let server = try FloodServer(body: .undeclared(4096))
        defer { server.stop() }
        let tight = try await transportError {
            try await Self.transport().send(HTTPRequest(url: server.url(), maximumResponseBytes: 4095))
        }
        #expect(tight.code == .responseTooLarge && tight.limit == 4095, "\(tight)")
        let loose = try await Self.transport(limit: 10).send(HTTPRequest(url: server.url(), maximumResponseBytes: 4096))
        #expect(loose.body.count == 4096)
    }

    @Test("a HEAD answer's Content-Length over the limit is not a body: accepted")
    func head() async throws {
        let server = try FloodServer(body: .declared(256 << 20))
        defer { server.stop() }
        let response = try await Self.transport().send(HTTPRequest(method: .head, url: server.url()))
        #expect(response.status == 200 && response.body.isEmpty)
        #expect(response.headers["Content-Length"] == "\(256 << 20)")
    }

    @Test("the default limit is 16 MiB")
    func defaultLimit() {
        #expect(CurlTransport.Configuration().maximumResponseBytes == 16 << 20)
    }
}
