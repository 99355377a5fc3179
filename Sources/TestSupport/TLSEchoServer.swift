import Foundation

/// An HTTP(S) echo server on 127.0.0.1 (Python 3), stopped and removed on deinit, and in any case when the
/// test process exits.
///
/// In ``Mode/mutualTLS`` it serves the ``TestCA`` server certificate and requires a client certificate
/// signed by that CA. Every response is JSON decodable as ``EchoReply``; `/delay?ms=N` answers after N ms and
/// `/status/N` answers with status N and `/redirect?to=URL` with 302 to URL. Every response carries two
/// `X-Echo-Multi` headers (`one`, `two`).
public final class TLSEchoServer: Sendable {
    /// Whether the server speaks TLS.
    public enum Mode: Sendable {
        /// HTTPS requiring a client certificate signed by the test CA.
        case mutualTLS
        /// Plain HTTP.
        case plainHTTP
    }

    /// The port it listens on.
    public let port: Int
    /// `https://127.0.0.1:PORT` or `http://127.0.0.1:PORT`.
    public let baseURL: URL
    private let directory: TemporaryDirectory
    private let process: ManagedProcess

    private init(port: Int, baseURL: URL, directory: TemporaryDirectory, process: ManagedProcess) {
        self.port = port
        self.baseURL = baseURL
        self.directory = directory
        self.process = process
    }

    /// Starts a server and waits until it accepts connections.
    ///
    /// - Parameters:
    ///   - ca: supplies the server certificate and the CA that client certificates must chain to.
    ///   - mode: TLS with required client certificates, or plain HTTP.
    ///   - removingOnParentExit: directories the server deletes when the test process exits without
    ///     deinitialising it (a fixture shared by a whole process, such as its ``TestCA``).
    /// - Throws: ``TestSupportError`` when python3 is missing or the server does not come up (with its log).
    public static func start(
        ca: TestCA, mode: Mode = .mutualTLS, removingOnParentExit: [URL] = []
    ) async throws -> TLSEchoServer {
        let python = try RequiredTool.path("python3", package: "python3")
        let directory = try TemporaryDirectory(prefix: "iter8-echo")
        let script = directory.file("echo_server.py")
        try EchoServerScript.source.write(to: script, atomically: true, encoding: .utf8)
        let portFile = directory.file("port")
        var arguments = [script.path, portFile.path]
        switch mode {
        case .mutualTLS:
            arguments += ["tls", ca.serverCertificate.path, ca.serverKey.path, ca.caCertificate.path]
        case .plainHTTP:
            arguments += ["plain"]
        }
        let process = try ManagedProcess(
            python, arguments, logFile: directory.file("server.log"),
            environment: ["ECHO_SERVER_CLEANUP": removingOnParentExit.map(\.path).joined(separator: ":")])
        try await Wait.until("the echo server to write \(portFile.path)") {
            guard process.isRunning else {
                throw TestSupportError("echo server exited: \(process.logTail())")
            }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        let text = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else { throw TestSupportError("echo server wrote port '\(text)'") }
        try await Wait.forPort(port)
        let scheme = mode == .mutualTLS ? "https" : "http"
        return TLSEchoServer(
            port: port, baseURL: URL(string: "\(scheme)://127.0.0.1:\(port)")!, directory: directory,
            process: process)
    }

    /// The absolute URL of `pathAndQuery` (which starts with `/`) on this server.
    public func url(_ pathAndQuery: String) -> URL {
        URL(string: baseURL.absoluteString + pathAndQuery)!
    }

    /// The end of the server's log, for failure messages.
    public func logTail(_ bytes: Int = 2000) -> String { process.logTail(bytes) }

    /// True once a request for exactly `pathAndQuery` has arrived (logged before any `/delay`).
    public func hasReceived(_ pathAndQuery: String) -> Bool {
        guard let log = try? String(contentsOf: process.logFile, encoding: .utf8) else { return false }
        return log.split(separator: "\n").contains { $0.hasPrefix("received ") && $0.hasSuffix(" " + pathAndQuery) }
    }

    deinit { process.stop() }
}
