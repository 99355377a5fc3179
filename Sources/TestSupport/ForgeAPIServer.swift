import Foundation
import HTTPTransport

/// A stand-in for GitHub's and GitLab's pull/merge request APIs on 127.0.0.1 (Python 3, see
/// ``ForgeAPIServerScript``), stopped on deinit and in any case when the test process exits.
///
/// GitHub REST v3 is served under ``githubBaseURL`` (as GitHub Enterprise Server serves it), GitLab REST v4 under
/// ``gitlabBaseURL``; both require `Authorization: Bearer <token>`. Tests merge or close a request with
/// ``setState(_:number:state:)``, and make the next calls hit the rate limit with ``limitNext(_:)``.
public final class ForgeAPIServer: Sendable {
    /// Which API a control call is about.
    public enum API: String, Sendable {
        /// GitHub REST v3.
        case github = "v3"
        /// GitLab REST v4.
        case gitlab = "v4"
    }

    /// The port it listens on.
    public let port: Int
    /// The token it accepts.
    public let token: String
    private let directory: TemporaryDirectory
    private let process: ManagedProcess

    private init(port: Int, token: String, directory: TemporaryDirectory, process: ManagedProcess) {
        self.port = port
        self.token = token
        self.directory = directory
        self.process = process
    }

    /// `http://127.0.0.1:PORT/api/v3`.
    public var githubBaseURL: URL { URL(string: "http://127.0.0.1:\(port)/api/v3")! }
    /// `http://127.0.0.1:PORT/api/v4`.
    public var gitlabBaseURL: URL { URL(string: "http://127.0.0.1:\(port)/api/v4")! }

    /// Starts a server accepting `token` and waits until it accepts connections.
    ///
    /// - Throws: ``TestSupportError`` when python3 is missing or the server does not come up (with its log).
    public static func start(token: String = "test-token") async throws -> ForgeAPIServer {
        let python = try RequiredTool.path("python3", package: "python3")
        let directory = try TemporaryDirectory(prefix: "iter8-forge")
        let script = directory.file("forge_server.py")
        try ForgeAPIServerScript.source.write(to: script, atomically: true, encoding: .utf8)
        let portFile = directory.file("port")
        let process = try ManagedProcess(python, [script.path, portFile.path, token], logFile: directory.file("server.log"))
        try await Wait.until("the forge API server to write \(portFile.path)") {
            guard process.isRunning else { throw TestSupportError("forge API server exited: \(process.logTail())") }
            return FileManager.default.fileExists(atPath: portFile.path)
        }
        let text = try String(contentsOf: portFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else { throw TestSupportError("forge API server wrote port '\(text)'") }
        try await Wait.forPort(port)
        return ForgeAPIServer(port: port, token: token, directory: directory, process: process)
    }

    /// Answers the next `count` API calls with the forge's rate-limit response.
    public func limitNext(_ count: Int) async throws {
        _ = try await control("POST", "/_control/limit", ["count": count])
    }

    /// Merges (`merged`), closes (`closed`) or reopens (`open`) request `number` of `api`, as a person would in the
    /// forge's UI (a merge of any method: the API reports only its merged state).
    public func setState(_ api: API, number: Int, state: String) async throws {
        _ = try await control("POST", "/_control/set", ["api": api.rawValue, "number": number, "state": state])
    }

    /// Every API call so far as `METHOD PATH?QUERY`, in order.
    public func calls() async throws -> [String] {
        let object = try await control("GET", "/_control/requests", nil)
        return (object["requests"] as? [[String: Any]] ?? []).compactMap { $0["call"] as? String }
    }

    /// The JSON bodies of the API calls so far (nil for a call without one), in order.
    public func bodies() async throws -> [[String: Any]?] {
        let object = try await control("GET", "/_control/requests", nil)
        return (object["requests"] as? [[String: Any]] ?? []).map { $0["body"] as? [String: Any] }
    }

    /// The comments (GitHub) and notes (GitLab) posted so far, as (api, number, body).
    public func comments() async throws -> [(api: String, number: Int, body: String)] {
        let object = try await control("GET", "/_control/requests", nil)
        return (object["comments"] as? [[Any]] ?? []).compactMap { entry in
            guard entry.count == 3, let api = entry[0] as? String, let number = entry[1] as? Int, let body = entry[2] as? String
            else { return nil }
            return (api, number, body)
        }
    }

    /// The end of the server's log, for failure messages.
    public func logTail(_ bytes: Int = 2000) -> String { process.logTail(bytes) }

    private func control(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> [String: Any] {
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: method), url: URL(string: "http://127.0.0.1:\(port)\(path)")!,
            headers: body == nil ? [:] : ["Content-Type": "application/json"],
            body: try body.map { try JSONSerialization.data(withJSONObject: $0) })
        let response = try await CurlTransport().send(request)
        guard response.isSuccess else { throw TestSupportError("forge API server: \(method) \(path): \(response.text)") }
        return (try JSONSerialization.jsonObject(with: response.body) as? [String: Any]) ?? [:]
    }

    deinit { process.stop() }
}
