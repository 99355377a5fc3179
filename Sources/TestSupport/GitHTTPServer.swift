import Foundation

/// lighttpd running `git http-backend` (smart HTTP) for a ``GitOrigin`` on a free loopback port.
///
/// Plain http (`http://127.0.0.1:P/git/origin.git`), https with a ``TestCA`` server certificate
/// (`https://localhost:P/git/origin.git`: libgit2's mbedTLS cannot match IP literals), and optionally
/// HTTP basic authentication on `/git`, so `REMOTE_USER` is set. One generated config per server.
public final class GitHTTPServer: Sendable {
    /// The TCP port.
    public let port: Int
    /// The repository URL.
    public let url: String
    /// The lighttpd process.
    public let process: ManagedProcess
    private let directory: TemporaryDirectory
    private let errorLogFile: URL

    private init(port: Int, url: String, process: ManagedProcess, directory: TemporaryDirectory, errorLog: URL) {
        self.port = port
        self.url = url
        self.process = process
        self.directory = directory
        errorLogFile = errorLog
    }

    /// Starts lighttpd and waits until it says it serves (on another free port if the one picked was taken).
    ///
    /// - Parameters:
    ///   - tls: serve https with this CA's `localhost` certificate (needs `lighttpd-mod-openssl`).
    ///   - user: require HTTP basic authentication with this user name and password.
    ///   - firstPort: the port to try first instead of a free one (for testing that a taken port is skipped).
    public static func start(
        serving origin: GitOrigin, tls: TestCA? = nil, user: (name: String, password: String)? = nil, firstPort: Int? = nil
    ) async throws -> GitHTTPServer {
        let lighttpd = try RequiredTool.path("lighttpd", package: "lighttpd")
        let backend = try RequiredTool.path("git-http-backend", package: "git")
        if tls != nil, !FileManager.default.fileExists(atPath: "/usr/lib/lighttpd/mod_openssl.so") {
            throw TestSupportError("lighttpd's mod_openssl is not installed: install the Debian package 'lighttpd-mod-openssl'")
        }
        let directory = try TemporaryDirectory(prefix: "iter8-lighttpd")
        try FileManager.default.createDirectory(at: directory.file("www"), withIntermediateDirectories: true)
        var modules = ["mod_alias", "mod_setenv", "mod_cgi"]
        var extra = ""
        if let tls {
            modules.append("mod_openssl")
            extra += """
                ssl.engine = "enable"
                ssl.pemfile = "\(tls.serverPEM.path)"

                """
        }
        if let user {
            modules.insert(contentsOf: ["mod_auth", "mod_authn_file"], at: 0)
            try "\(user.name):\(user.password)\n".write(to: directory.file("users"), atomically: true, encoding: .utf8)
            extra += """
                auth.backend = "plain"
                auth.backend.plain.userfile = "\(directory.file("users").path)"
                auth.require = ( "/git" => ( "method" => "basic", "realm" => "git", "require" => "valid-user" ) )

                """
        }
        // The port is free when picked but not held: another test's server may take it before lighttpd binds it.
        // A listener on the port is then not proof of this server (a client would talk to the other one — with an
        // https server of another CA, "certificate not correctly signed"), so readiness is lighttpd's own "server
        // started" line, which it logs once bound; one that could not bind exits, and another port is tried.
        var failures: [String] = []
        for attempt in 1...5 {
            let port = try attempt == 1 ? firstPort ?? FreePort.next() : FreePort.next()
            let errorLog = directory.file("error-\(port).log")
            let config = """
                server.modules = (\(modules.map { "\"\($0)\"" }.joined(separator: ", ")))
                server.document-root = "\(directory.file("www").path)"
                server.bind = "127.0.0.1"
                server.port = \(port)
                server.errorlog = "\(errorLog.path)"
                alias.url = ( "/git" => "\(backend)" )
                $HTTP["url"] =~ "^/git" {
                  cgi.assign = ( "" => "" )
                  setenv.set-environment = (
                    "GIT_PROJECT_ROOT" => "\(origin.root.path)",
                    "GIT_HTTP_EXPORT_ALL" => "1",
                    "GIT_CONFIG_GLOBAL" => "/dev/null",
                    "GIT_CONFIG_NOSYSTEM" => "1"
                  )
                }
                \(extra)
                """
            let configFile = directory.file("lighttpd-\(port).conf")
            try config.write(to: configFile, atomically: true, encoding: .utf8)
            let process = try await offPool {
                try Shell.runBlocking(lighttpd, ["-tt", "-f", configFile.path])
                return try ManagedProcess(lighttpd, ["-D", "-f", configFile.path], logFile: directory.file("lighttpd-\(port).log"))
            }
            func started() -> Bool {
                ((try? String(contentsOf: errorLog, encoding: .utf8)) ?? "").contains("server started")
            }
            try await Wait.until("lighttpd to start on port \(port) or exit", timeout: .seconds(60)) {
                started() || !process.isRunning
            }
            if started(), process.isRunning {
                let url = tls == nil ? "http://127.0.0.1:\(port)/git/origin.git" : "https://localhost:\(port)/git/origin.git"
                return GitHTTPServer(port: port, url: url, process: process, directory: directory, errorLog: errorLog)
            }
            failures.append("port \(port): \(process.logTail())")
        }
        throw TestSupportError("lighttpd did not start:\n" + failures.joined(separator: "\n"))
    }

    /// lighttpd's error log, for failure messages.
    public func errorLog() -> String {
        (try? String(contentsOf: errorLogFile, encoding: .utf8)) ?? ""
    }
}
