import Foundation
import Git
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The tests' smart-HTTP server is ready only when it serves: a listener on the port it picked may be someone
/// else's (ports are picked free but not held until lighttpd binds them).
@Suite struct GitHTTPServerTests {
    @Test func aTakenPortIsSkippedAndTheServerServesOnAnother() async throws {
        // Another process's listener on the port the server tries first (as when another test's server took it).
        let (taken, port) = try FreePort.listening(backlog: 8)
        defer { close(taken) }
        let origin = try await offPool { try GitOrigin() }
        let server = try await GitHTTPServer.start(serving: origin, firstPort: port)
        #expect(server.port != port)
        #expect(server.process.isRunning)
        // And it is this origin that answers there.
        let remote = GitRemote(url: server.url, timeout: .seconds(30), allowsInsecureHTTP: true)
        let scratch = try TemporaryDirectory(prefix: "iter8-http-server")
        let clone = try await LibGit2Repository.clone(remote, into: scratch.file("clone").path, bare: true, branch: "main")
        #expect(try await clone.remoteHead(branch: "main").hex == (try await offPool { try origin.head() }))
    }
}
