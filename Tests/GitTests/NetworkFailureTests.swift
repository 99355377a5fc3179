import Foundation
import Git
import Testing
import TestSupport

/// A server that is gone or silent gives `.network` within the deadline, with a redacted URL.
@Suite struct NetworkFailureTests {
    @Test(arguments: ["http", "git"])
    func closedPortFailsFast(scheme: String) async throws {
        let port = try FreePort.next()
        let url = scheme == "http" ? "http://bot:tok-secret-7@127.0.0.1:\(port)/git/origin.git" : "git://127.0.0.1:\(port)/origin.git"
        let local = try await ServedOrigin.start(.file)
        let repo = try await LibGit2Repository.open(
            at: try await local.clone().gitDirectory,
            remote: GitRemote(
                url: url, credentials: .userToken(user: "bot", token: "tok-secret-7"), timeout: .seconds(120),
                allowsInsecureHTTP: true))

        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: GitError.self) { try await repo.fetch(branch: "main") }
        // Refused at once, not the 120 s deadline (the bound is loose: the suite shares 2 cores with busy tests).
        #expect(clock.now - started < .seconds(60))
        #expect(error?.code == .network, "\(String(describing: error))")
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("127.0.0.1:\(port)"))
        #expect(!text.contains("tok-secret-7"))
        if scheme == "http" { #expect(text.contains("http://REDACTED@127.0.0.1:\(port)/git/origin.git")) }
    }

    @Test(arguments: ["http", "git"])
    func silentServerHitsTheDeadline(scheme: String) async throws {
        let silent = try SilentListener()
        let url = scheme == "http" ? "http://127.0.0.1:\(silent.port)/git/origin.git" : "git://127.0.0.1:\(silent.port)/origin.git"
        let local = try await ServedOrigin.start(.file)
        let repo = try await LibGit2Repository.open(
            at: try await local.clone().gitDirectory, remote: GitRemote(url: url, timeout: .milliseconds(700)))

        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: GitError.self) { try await repo.remoteHead(branch: "main") }
        let elapsed = clock.now - started
        #expect(error?.code == .network)
        // The 700 ms deadline fired, not a hang (the upper bound is loose for a busy 2-core machine).
        #expect(elapsed >= .milliseconds(600) && elapsed < .seconds(60))
        #expect(error?.message.contains("no answer within") == true)
    }
}

/// An https server whose certificate no trusted CA signed is refused with `.certificate`.
@Suite struct CertificateTests {
    @Test func untrustedServerCertificate() async throws {
        let trusted = try await ServedOrigin.sharedCA.value
        let stranger = try await offPool { try TestCA() }
        let origin = try await offPool { try GitOrigin() }
        let server = try await GitHTTPServer.start(serving: origin, tls: stranger)
        let local = try await ServedOrigin.start(.file)
        let repo = try await LibGit2Repository.open(
            at: try await local.clone().gitDirectory,
            remote: GitRemote(url: server.url, certificateAuthorityFile: trusted.caCertificate.path, timeout: .seconds(10)))
        let error = await #expect(throws: GitError.self) { try await repo.remoteHead(branch: "main") }
        #expect(error?.code == .certificate, "\(String(describing: error))")
    }
}
