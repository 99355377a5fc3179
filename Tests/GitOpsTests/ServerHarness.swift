import Foundation
import GitOps
import HTTPTransport
import Logging
import Synchronization

/// A clock the test moves by hand.
final class ServerTestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A running ``ControlServer`` on 127.0.0.1 with its collaborators, and a libcurl client for it.
struct ServerHarness {
    static let branch = "main"
    static let secret = "It's a Secret to Everybody"

    let server: ControlServer
    let health: ServiceHealth
    let metrics: ServiceMetrics
    let trigger: PollTrigger
    let time: ServerTestClock
    private let transport = CurlTransport(
        configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))

    /// The default webhook configuration: branch `main`, the GitHub-docs secret.
    static let signedWebhook = WebhookConfiguration(branch: branch, secret: WebhookSecret(secret))

    /// Starts a server, runs `body` against it and stops it, also when `body` throws.
    static func with(
        webhook: WebhookConfiguration? = signedWebhook, staleness: Duration? = nil,
        limits: ControlServerLimits = ControlServerLimits(), _ body: (ServerHarness) async throws -> Void
    ) async throws {
        let time = ServerTestClock()
        let health = ServiceHealth(pollInterval: .seconds(30), staleness: staleness, now: { time.now })
        let metrics = ServiceMetrics()
        let trigger = PollTrigger()
        var logger = Logger(label: "iter8-control-test")
        logger.logLevel = .error
        let server = try await ControlServer.start(
            port: 0, health: health, metrics: metrics, trigger: trigger, webhook: webhook, limits: limits, logger: logger)
        let harness = ServerHarness(server: server, health: health, metrics: metrics, trigger: trigger, time: time)
        do {
            try await body(harness)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(server.port)\(path)")! }

    func get(_ path: String) async throws -> HTTPResponse {
        try await transport.send(HTTPRequest(url: url(path)))
    }

    func post(_ path: String = "/webhook", headers: HTTPHeaders, body: Data) async throws -> HTTPResponse {
        try await transport.send(HTTPRequest(method: .post, url: url(path), headers: headers, body: body))
    }

    /// A GitHub delivery of `event` with `body`, signed with `secret` unless `signature` is given; each with a
    /// fresh delivery id unless `delivery` is given.
    func github(
        _ event: String = "push", body: Data, secret: String = Self.secret, signature: String?? = nil,
        delivery: String = UUID().uuidString
    ) async throws -> HTTPResponse {
        var headers: HTTPHeaders = [
            "Content-Type": "application/json", "X-GitHub-Event": event, "X-GitHub-Delivery": delivery,
        ]
        let computed = WebhookVerifier.githubSignature(of: Array(body), secret: WebhookSecret(secret))
        if let value = signature ?? computed { headers["X-Hub-Signature-256"] = value }
        return try await post(headers: headers, body: body)
    }

    /// A GitLab push with `token` (none when nil).
    func gitlab(_ event: String = "Push Hook", body: Data, token: String?) async throws -> HTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "X-Gitlab-Event": event]
        if let token { headers["X-Gitlab-Token"] = token }
        return try await post(headers: headers, body: body)
    }

    /// A push payload for `ref`.
    static func push(ref: String = "refs/heads/\(branch)", after: String = "0123456789abcdef0123456789abcdef01234567") -> Data {
        Data(#"{"ref":"\#(ref)","before":"0000000000000000000000000000000000000000","after":"\#(after)","repository":{"name":"specs"}}"#.utf8)
    }

    /// The value of the series `series` (e.g. `iter8_webhook_requests_total{result="accepted"}`) in the exposition.
    func sample(_ series: String) -> Double? {
        Self.sample(series, in: metrics.exposition())
    }

    static func sample(_ series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
