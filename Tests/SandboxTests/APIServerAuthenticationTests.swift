import Foundation
import HTTPTransport
import Kubernetes
import Sandbox
import Testing

@Suite("Sandbox API server: authentication")
struct APIServerAuthenticationTests {
    @Test("The admin certificate and a freshly issued certificate are accepted, over IP and localhost")
    func certificates() async throws {
        try await TemporarySandbox.with { sandbox in
            let admin = try await SandboxHTTP(sandbox.server).get("/api/v1/namespaces/default")
            #expect(admin.status == 200)
            let viaName = try await SandboxHTTP(sandbox.server, host: "localhost").get("/api/v1/namespaces/default")
            #expect(viaName.status == 200)
            let issued = try sandbox.server.issueClientCertificate(commonName: "alice", organization: "team")
            let alice = try await SandboxHTTP(sandbox.server, certificate: .identity(issued)).get("/api")
            #expect(alice.status == 200)
            #expect(sandbox.server.requestLog.entries.last?.user == "alice")
        }
    }

    @Test("No certificate and no token is 401 with a Status body")
    func anonymous() async throws {
        try await TemporarySandbox.with { sandbox in
            let answer = try await SandboxHTTP(sandbox.server, certificate: .none).get("/api/v1/namespaces")
            #expect(answer.status == 401)
            #expect(
                answer.body == [
                    "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "message": "Unauthorized",
                    "reason": "Unauthorized", "code": 401,
                ])
            let health = try await SandboxHTTP(sandbox.server, certificate: .none).get("/healthz")
            #expect(health.status == 200)
        }
    }

    @Test("A certificate from another CA fails the TLS handshake")
    func foreignCertificate() async throws {
        try await TemporarySandbox.with { sandbox in
            let foreign = try SandboxCertificateAuthority(commonName: "someone-else")
                .issueClientCertificate(commonName: "iter8-sandbox-admin", organizations: ["system:masters"])
            let error = await #expect(throws: TransportError.self) {
                try await SandboxHTTP(sandbox.server, certificate: .identity(foreign)).get("/api")
            }
            #expect(error?.code == .tlsFailure || error?.code == .connectionLost)
            #expect(!sandbox.server.requestLog.entries.contains { $0.uri == "/api" })
        }
    }

    @Test("With required client certificates, a client without one fails the handshake")
    func requiredCertificates() async throws {
        try await TemporarySandbox.with(SandboxConfiguration(clientCertificates: .required)) { (sandbox) async throws in
            let error = await #expect(throws: TransportError.self) {
                try await SandboxHTTP(sandbox.server, certificate: .none).get("/api")
            }
            #expect(error?.code == .tlsFailure || error?.code == .connectionLost)
            #expect(try await SandboxHTTP(sandbox.server).get("/api").status == 200)
        }
    }

    @Test("A configured bearer token is accepted; an expired or unknown token is 401")
    func bearerTokens() async throws {
        let configuration = SandboxConfiguration(bearerTokens: [
            BearerToken(token: "good-token", user: "robot"),
            BearerToken(token: "old-token", user: "retired", expires: Date(timeIntervalSinceNow: -60)),
            BearerToken(token: "later-token", user: "later", expires: Date(timeIntervalSinceNow: 3600)),
        ])
        try await TemporarySandbox.with(configuration) { (sandbox) async throws in
            func status(_ token: String) async throws -> Int {
                try await SandboxHTTP(sandbox.server, certificate: .none, token: token).get("/api/v1/namespaces").status
            }
            #expect(try await status("good-token") == 200)
            #expect(sandbox.server.requestLog.entries.last?.user == "robot")
            #expect(try await status("later-token") == 200)
            #expect(try await status("old-token") == 401)
            #expect(try await status("wrong-token") == 401)
        }
    }
}
