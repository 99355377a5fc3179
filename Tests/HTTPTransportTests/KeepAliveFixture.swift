import Foundation
import HTTPTransport
import TestSupport

/// Keep-alive servers shared by the whole test process (their connections are numbered, so tests sharing one
/// still tell their own connections apart), and TLS settings trusting them.
enum KeepAliveFixture {
    /// Plain HTTP.
    static let plain = Task { try await KeepAliveServer.start(.plain) }
    /// HTTPS requiring a client certificate from ``SharedTLSMaterial/material``.
    static let mutualTLS = Task {
        let (ca, _) = try await SharedTLSMaterial.material.value
        return try await KeepAliveServer.start(.mutualTLS, ca: ca)
    }

    /// The shared server for `mode` (`.plain` or `.mutualTLS`).
    static func server(_ mode: KeepAliveServer.Mode) async throws -> KeepAliveServer {
        try await (mode == .plain ? plain : mutualTLS).value
    }

    /// Trusts the test CA and presents the `iter8-tester` client certificate, both as in-memory PEM.
    static func tlsFromMemory() async throws -> TLSConfiguration {
        let (ca, client) = try await SharedTLSMaterial.material.value
        return TLSConfiguration(
            certificateAuthority: .pem(try Data(contentsOf: ca.caCertificate)),
            clientIdentity: .init(
                certificate: .pem(Data(try client.certificatePEM().utf8)), key: .pem(Data(try client.keyPEM().utf8))))
    }

    /// The same trust and identity as ``tlsFromMemory()``, as file paths.
    static func tlsFromFiles() async throws -> TLSConfiguration {
        let (ca, client) = try await SharedTLSMaterial.material.value
        return TLSConfiguration(
            certificateAuthority: .file(ca.caCertificate.path),
            clientIdentity: .init(certificate: .file(client.certificate.path), key: .file(client.key.path)))
    }

    /// A transport for `mode`: TLS settings from memory unless plain.
    static func transport(
        _ mode: KeepAliveServer.Mode, maximumIdleConnections: Int = CurlTransport.Configuration.standardMaximumIdleConnections
    ) async throws -> CurlTransport {
        let tls = mode == .plain ? TLSConfiguration() : try await tlsFromMemory()
        return CurlTransport(configuration: .init(tls: tls, maximumIdleConnections: maximumIdleConnections))
    }

    /// Sends `method` to `path` and decodes the reply.
    static func reply(
        _ transport: CurlTransport, _ server: KeepAliveServer, _ path: String, method: HTTPMethod = .get,
        body: Data? = nil
    ) async throws -> KeepAliveReply {
        let response = try await transport.send(HTTPRequest(method: method, url: server.url(path), body: body))
        guard response.status == 200 else {
            throw ExpectedFailure(description: "\(method) \(path): status \(response.status) \(response.text)")
        }
        return try KeepAliveReply(json: response.body)
    }
}
