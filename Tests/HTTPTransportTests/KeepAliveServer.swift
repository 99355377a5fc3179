import Foundation
import TestSupport

/// An HTTP(S) server on 127.0.0.1 that keeps connections open and numbers them (Python 3, see
/// ``KeepAliveServerScript``), so tests can tell which connection served a request. Stopped on deinit, and in
/// any case when the test process exits.
final class KeepAliveServer: Sendable {
    /// Whether and how the server speaks TLS.
    enum Mode: String, Sendable {
        /// Plain HTTP.
        case plain
        /// HTTPS with the ``TestCA`` server certificate, no client certificate asked for.
        case tls
        /// HTTPS requiring a client certificate signed by the ``TestCA``.
        case mutualTLS = "mtls"
    }

    /// `http://127.0.0.1:PORT` or `https://127.0.0.1:PORT`.
    let baseURL: URL
    private let directory: TemporaryDirectory
    private let process: ManagedProcess

    private init(baseURL: URL, directory: TemporaryDirectory, process: ManagedProcess) {
        self.baseURL = baseURL
        self.directory = directory
        self.process = process
    }

    /// Starts a server and waits until it accepts connections.
    ///
    /// - Parameters:
    ///   - mode: plain HTTP, TLS, or TLS with required client certificates (from `ca`).
    ///   - ca: supplies the server certificate; required unless `mode` is `.plain`.
    ///   - closingIdleAfter: closes a connection idle this long; nil keeps idle connections open.
    static func start(
        _ mode: Mode, ca: TestCA? = nil, closingIdleAfter idle: Duration? = nil
    ) async throws -> KeepAliveServer {
        let python = try RequiredTool.path("python3", package: "python3")
        let directory = try TemporaryDirectory(prefix: "iter8-keepalive")
        let script = directory.file("keepalive_server.py")
        try KeepAliveServerScript.source.write(to: script, atomically: true, encoding: .utf8)
        let portFile = directory.file("port")
        let idleSeconds = idle.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0
        var arguments = [script.path, portFile.path, mode.rawValue, "\(idleSeconds)"]
        if mode != .plain {
            guard let ca else { throw TestSupportError("a TLS keep-alive server needs a TestCA") }
            arguments += [ca.serverCertificate.path, ca.serverKey.path, ca.caCertificate.path]
        }
        let process = try ManagedProcess(python, arguments, logFile: directory.file("server.log"))
        try await Wait.until("the keep-alive server to write \(portFile.path)") {
            guard process.isRunning else { throw TestSupportError("keep-alive server exited: \(process.logTail())") }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        let text = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else { throw TestSupportError("keep-alive server wrote port '\(text)'") }
        try await Wait.forPort(port)
        let scheme = mode == .plain ? "http" : "https"
        return KeepAliveServer(
            baseURL: URL(string: "\(scheme)://127.0.0.1:\(port)")!, directory: directory, process: process)
    }

    /// The absolute URL of `pathAndQuery` (which starts with `/`).
    func url(_ pathAndQuery: String) -> URL { URL(string: baseURL.absoluteString + pathAndQuery)! }

    /// The server's log, for failure messages.
    func logTail(_ bytes: Int = 3000) -> String { process.logTail(bytes) }

    /// The connections the server has accepted so far (including `Wait.forPort`'s probe).
    var connectionsOpened: Int { logLines.filter { $0.hasPrefix("opened ") }.count }

    /// True once the server has closed connection `number`.
    func hasClosed(_ number: Int) -> Bool { logLines.contains("closed \(number)") }

    /// The number of the connection that received the latest request for exactly `pathAndQuery` with `method`.
    func connection(of method: String, _ pathAndQuery: String) -> Int? {
        logLines.last { $0.hasPrefix("received ") && $0.hasSuffix(" \(method) \(pathAndQuery)") }
            .flatMap { Int($0.split(separator: " ")[1]) }
    }

    private var logLines: [String] {
        guard let log = try? String(contentsOf: process.logFile, encoding: .utf8) else { return [] }
        return log.split(separator: "\n").map(String.init)
    }

    deinit { process.stop() }
}

/// The JSON body ``KeepAliveServer`` answers with.
struct KeepAliveReply: Decodable, Sendable {
    /// The number of the connection that carried the request.
    let connection: Int
    /// 1 for the first request on its connection, 2 for the second, …
    let requestOnConnection: Int
    /// The request method and path (with query).
    let method: String
    let path: String
    /// The request body as UTF-8.
    let body: String
    /// Whether the connection's TLS handshake resumed an earlier session (false without TLS).
    let sessionReused: Bool

    init(json: Data) throws { self = try JSONDecoder().decode(Self.self, from: json) }
}
