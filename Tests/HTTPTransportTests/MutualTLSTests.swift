import Foundation
import HTTPTransport
import TestSupport
import Testing

@Suite("Mutual TLS against a server that requires a client certificate")
struct MutualTLSTests {
    @Test func succeedsWithInMemoryPEM() async throws {
        let fixture = try await EchoFixture.shared()
        let (response, echo) = try await fixture.echo(try fixture.transport())
        #expect(response.status == 200)
        #expect(echo.clientCommonName == "iter8-tester")
        #expect(echo.method == "GET")
    }

    @Test func succeedsWithFiles() async throws {
        let fixture = try await EchoFixture.shared()
        let transport = CurlTransport(configuration: .init(tls: fixture.tlsFromFiles()))
        let (response, echo) = try await fixture.echo(transport)
        #expect(response.status == 200)
        #expect(echo.clientCommonName == "iter8-tester")
    }

    @Test func rejectsServerSignedByAnotherCA() async throws {
        let fixture = try await EchoFixture.shared()
        let (unrelated, _) = try await SharedTLSMaterial.unrelated.value
        var tls = try fixture.tlsFromMemory()
        tls.certificateAuthority = .pem(try Data(contentsOf: unrelated.caCertificate))
        let transport = CurlTransport(configuration: .init(tls: tls))
        let error = try await transportError { try await transport.send(HTTPRequest(url: fixture.server.url("/"))) }
        #expect(error.code == .tlsFailure, "\(error)")
        #expect(error.curlCode == 60, "\(error)")  // CURLE_PEER_FAILED_VERIFICATION
    }

    @Test func rejectsServerWhenOnlyTheSystemStoreIsTrusted() async throws {
        let fixture = try await EchoFixture.shared()
        var tls = try fixture.tlsFromMemory()
        tls.certificateAuthority = nil
        let transport = CurlTransport(configuration: .init(tls: tls))
        let error = try await transportError { try await transport.send(HTTPRequest(url: fixture.server.url("/"))) }
        #expect(error.code == .tlsFailure, "\(error)")
    }

    @Test func insecureModeSkipsVerificationOnlyWhenChosen() async throws {
        let fixture = try await EchoFixture.shared()
        var tls = try fixture.tlsFromMemory()
        tls.certificateAuthority = nil
        tls.verification = .insecureSkipVerify
        let (response, echo) = try await fixture.echo(CurlTransport(configuration: .init(tls: tls)))
        #expect(response.status == 200)
        #expect(echo.clientCommonName == "iter8-tester")
    }

    @Test func missingClientCertificateIsAnErrorNotAResponse() async throws {
        let fixture = try await EchoFixture.shared()
        var tls = try fixture.tlsFromMemory()
        tls.clientIdentity = nil
        let transport = CurlTransport(configuration: .init(tls: tls))
        let error = try await transportError { try await transport.send(HTTPRequest(url: fixture.server.url("/"))) }
        // TLS 1.3: the server's "certificate required" alert arrives after the client's handshake completed.
        #expect([TransportError.Code.connectionLost, .tlsFailure].contains(error.code), "\(error)")
    }

    @Test func clientCertificateFromAnotherCAIsRejected() async throws {
        let fixture = try await EchoFixture.shared()
        let (_, stranger) = try await SharedTLSMaterial.unrelated.value
        var tls = try fixture.tlsFromMemory()
        tls.clientIdentity = .init(certificate: .file(stranger.certificate.path), key: .file(stranger.key.path))
        let transport = CurlTransport(configuration: .init(tls: tls))
        let error = try await transportError { try await transport.send(HTTPRequest(url: fixture.server.url("/"))) }
        #expect([TransportError.Code.connectionLost, .tlsFailure].contains(error.code), "\(error)")
    }

    @Test func unreadableClientKeyIsATLSFailure() async throws {
        let fixture = try await EchoFixture.shared()
        var tls = try fixture.tlsFromMemory()
        tls.clientIdentity?.key = .pem(Data("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n".utf8))
        let transport = CurlTransport(configuration: .init(tls: tls))
        let error = try await transportError { try await transport.send(HTTPRequest(url: fixture.server.url("/"))) }
        #expect(error.code == .tlsFailure, "\(error)")
    }
}
