import Foundation
import HTTPTransport
import TestSupport

/// A test CA, a client certificate it signed, and an echo server using them.
struct EchoFixture {
    let ca: TestCA
    let client: ClientCertificate
    let server: TLSEchoServer

    /// Starts a server (mutual TLS by default) with the shared CA and a client certificate with CN `iter8-tester`.
    static func start(_ mode: TLSEchoServer.Mode = .mutualTLS) async throws -> EchoFixture {
        let (ca, client) = try SharedTLSMaterial.material.get()
        let server = try await TLSEchoServer.start(ca: ca, mode: mode)
        return EchoFixture(ca: ca, client: client, server: server)
    }

    /// TLS material passed as in-memory PEM (kubeconfig `*-data` after base64 decoding).
    func tlsFromMemory() throws -> TLSConfiguration {
        TLSConfiguration(
            certificateAuthority: .pem(try Data(contentsOf: ca.caCertificate)),
            clientIdentity: .init(
                certificate: .pem(Data(try client.certificatePEM().utf8)), key: .pem(Data(try client.keyPEM().utf8))))
    }

    /// TLS material passed as file paths.
    func tlsFromFiles() -> TLSConfiguration {
        TLSConfiguration(
            certificateAuthority: .file(ca.caCertificate.path),
            clientIdentity: .init(certificate: .file(client.certificate.path), key: .file(client.key.path)))
    }

    /// A transport trusting the test CA and presenting the client certificate from memory.
    func transport(
        authentication: HTTPAuthentication = .none, timeouts: HTTPTimeouts = .standard
    ) throws -> CurlTransport {
        CurlTransport(
            configuration: .init(tls: try tlsFromMemory(), authentication: authentication, timeouts: timeouts))
    }

    /// Sends a GET for `path` and decodes the echo.
    func echo(_ transport: some HTTPTransport, _ path: String = "/echo") async throws -> (HTTPResponse, EchoReply) {
        let response = try await transport.send(HTTPRequest(url: server.url(path)))
        return (response, try EchoReply(json: response.body))
    }
}

/// One CA and client certificate for the whole test process: `openssl` key generation is slow on 2 cores.
enum SharedTLSMaterial {
    /// The CA and a client certificate with CN `iter8-tester` it signed.
    static let material = Result { () throws -> (TestCA, ClientCertificate) in
        let ca = try TestCA()
        return (ca, try ca.issueClient(name: "client", commonName: "iter8-tester", organization: "system:masters"))
    }
    /// A second CA, unrelated to ``material``, and a client certificate it signed.
    static let unrelated = Result { () throws -> (TestCA, ClientCertificate) in
        let ca = try TestCA()
        return (ca, try ca.issueClient(name: "stranger", commonName: "stranger"))
    }
}

/// Runs `body` and returns the ``TransportError`` it throws; fails the test with a clear message otherwise.
func transportError(_ body: () async throws -> HTTPResponse) async throws -> TransportError {
    do {
        let response = try await body()
        throw ExpectedFailure(description: "expected a TransportError, got \(response) \(response.text)")
    } catch let error as TransportError {
        return error
    }
}

/// Raised when a call that should have failed succeeded.
struct ExpectedFailure: Error, CustomStringConvertible {
    let description: String
}
