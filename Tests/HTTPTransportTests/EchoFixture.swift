import Foundation
import HTTPTransport
import TestSupport

/// A test CA, a client certificate it signed, and an echo server using them.
struct EchoFixture {
    let ca: TestCA
    let client: ClientCertificate
    let server: TLSEchoServer

    /// The shared server (mutual TLS by default) with the shared CA and a client certificate with CN
    /// `iter8-tester`. The servers are stateless, so tests share them instead of starting ~40 Python processes.
    static func shared(_ mode: TLSEchoServer.Mode = .mutualTLS) async throws -> EchoFixture {
        let (ca, client) = try await SharedTLSMaterial.material.value
        let server = try await (mode == .mutualTLS ? SharedServers.mutualTLS : SharedServers.plainHTTP).value
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
///
/// The certificates are made on a thread of their own, so waiting tests never block the cooperative pool
/// (a blocked pool would delay every other test's continuations and distort the timing tests).
enum SharedTLSMaterial {
    /// The CA and a client certificate with CN `iter8-tester` it signed.
    static let material = Task {
        try await onOwnThread { try makeMaterial(name: "client", commonName: "iter8-tester") }
    }
    /// A second CA, unrelated to ``material``, and a client certificate with CN `stranger` it signed.
    static let unrelated = Task { try await onOwnThread { try makeMaterial(name: "stranger", commonName: "stranger") } }

    private static func makeMaterial(name: String, commonName: String) throws -> (TestCA, ClientCertificate) {
        let ca = try TestCA()
        return (ca, try ca.issueClient(name: name, commonName: commonName, organization: "system:masters"))
    }
}

/// One echo server per mode for the whole test process; each exits with the process and then removes the
/// shared CAs' directories (static fixtures are never deinitialised).
enum SharedServers {
    /// HTTPS requiring a client certificate from ``SharedTLSMaterial/material``'s CA.
    static let mutualTLS = Task {
        let (ca, _) = try await SharedTLSMaterial.material.value
        let (unrelated, _) = try await SharedTLSMaterial.unrelated.value
        return try await TLSEchoServer.start(
            ca: ca, removingOnParentExit: [ca.directory.url, unrelated.directory.url])
    }
    /// Plain HTTP.
    static let plainHTTP = Task {
        let (ca, _) = try await SharedTLSMaterial.material.value
        return try await TLSEchoServer.start(ca: ca, mode: .plainHTTP, removingOnParentExit: [ca.directory.url])
    }
}

/// Runs blocking set-up work on a new thread and returns its result.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
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
