import Foundation

/// lighttpd on a free loopback port that demands HTTP basic authentication and forwards every
/// authenticated request to a plain-http upstream on 127.0.0.1 (for example a Prometheus that, like one
/// behind an ingress, needs a password). A request without the right user and password gets 401.
public final class BasicAuthProxy: Sendable {
    /// The TCP port.
    public let port: Int
    /// `http://127.0.0.1:<port>/`.
    public var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }
    /// The lighttpd process.
    public let process: ManagedProcess
    private let directory: TemporaryDirectory

    private init(port: Int, process: ManagedProcess, directory: TemporaryDirectory) {
        self.port = port
        self.process = process
        self.directory = directory
    }

    /// Starts lighttpd in front of `127.0.0.1:upstreamPort`, accepting only `user` (whose password may hold
    /// any character but a line break) and waits for its port.
    public static func start(upstreamPort: Int, user: (name: String, password: String)) async throws -> BasicAuthProxy {
        let lighttpd = try RequiredTool.path("lighttpd", package: "lighttpd")
        let directory = try TemporaryDirectory(prefix: "iter8-auth-proxy")
        let port = try FreePort.next()
        try FileManager.default.createDirectory(at: directory.file("www"), withIntermediateDirectories: true)
        try "\(user.name):\(user.password)\n".write(to: directory.file("users"), atomically: true, encoding: .utf8)
        let config = """
            server.modules = ("mod_auth", "mod_authn_file", "mod_proxy")
            server.document-root = "\(directory.file("www").path)"
            server.bind = "127.0.0.1"
            server.port = \(port)
            server.errorlog = "\(directory.file("error.log").path)"
            auth.backend = "plain"
            auth.backend.plain.userfile = "\(directory.file("users").path)"
            auth.require = ( "/" => ( "method" => "basic", "realm" => "prometheus", "require" => "valid-user" ) )
            proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => \(upstreamPort) ) ) )

            """
        let configFile = directory.file("lighttpd.conf")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let process = try await offPool {
            try Shell.runBlocking(lighttpd, ["-tt", "-f", configFile.path])
            return try ManagedProcess(lighttpd, ["-D", "-f", configFile.path], logFile: directory.file("lighttpd.log"))
        }
        do {
            try await Wait.forPort(port)
        } catch {
            let errors = (try? String(contentsOf: directory.file("error.log"), encoding: .utf8)) ?? ""
            throw TestSupportError("lighttpd did not start on port \(port): \(error)\n\(process.logTail())\n\(errors)")
        }
        return BasicAuthProxy(port: port, process: process, directory: directory)
    }

    /// lighttpd's error log, for failure messages (it never holds the password: lighttpd logs user names only).
    public func errorLog() -> String {
        (try? String(contentsOf: directory.file("error.log"), encoding: .utf8)) ?? ""
    }
}
