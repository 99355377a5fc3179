import Crypto
import Foundation
import HTTPTransport

/// A generic webhook: each notification is POSTed as a CloudEvents 1.0 JSON event in structured mode
/// (`Content-Type: application/cloudevents+json`), signed with HMAC-SHA256 over the exact body in
/// `X-Iter8-Signature: sha256=<hex>` when a secret is configured. See `docs/notifications.md`.
public struct CloudEventsWebhook: NotificationChannel {
    /// The signature header.
    public static let signatureHeader = "X-Iter8-Signature"

    /// The channel's name (`webhook` for the service's).
    public let name: String
    let url: URL
    let secret: WebhookSecret?
    /// The CloudEvents `source`: the repository (`https://github.com/acme/rollouts`) or `iter8`.
    let source: String
    let transport: any HTTPTransport
    let timeoutSeconds: Double

    /// Creates the channel.
    ///
    /// - Parameters:
    ///   - source: the CloudEvents `source`, a URI reference naming this service's repository.
    ///   - secret: the HMAC key; nil sends unsigned events.
    public init(
        name: String = "webhook", url: URL, secret: WebhookSecret?, source: String, transport: any HTTPTransport,
        timeoutSeconds: Double = 5
    ) {
        self.name = name
        self.url = url
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        self.source = source
        self.transport = transport
        self.timeoutSeconds = timeoutSeconds
    }

    /// POSTs the event; a 2xx answer acknowledges it.
    public func send(_ message: Notification) async throws {
        let body = try Self.body(message, source: source)
        var headers: HTTPHeaders = ["Content-Type": "application/cloudevents+json; charset=utf-8"]
        if let secret { headers[Self.signatureHeader] = "sha256=" + Self.signature(body, secret: secret) }
        try await NotificationPost.send(
            HTTPRequest(method: .post, url: url, headers: headers, body: body,
                timeouts: NotificationPost.timeouts(timeoutSeconds), maximumResponseBytes: 64 << 10),
            channel: name, over: transport)
    }

    /// The hex HMAC-SHA256 of `body` keyed with `secret`.
    public static func signature(_ body: Data, secret: WebhookSecret) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret.bytes))
        return code.map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined()
    }

    /// The event's JSON, keys sorted.
    public static func body(_ message: Notification, source: String) throws -> Data {
        let event = CloudEvent(
            specversion: "1.0", id: message.id, source: source, type: message.kind.cloudEventType,
            time: message.time, subject: message.experiment, datacontenttype: "application/json",
            data: .init(
                experiment: message.experiment, kind: message.kind.rawValue, iteration: message.iteration,
                commit: message.commit, text: message.text, reportPath: message.reportPath, reportURL: message.reportURL))
        return try NotificationPost.json(event)
    }

    /// A CloudEvents 1.0 event in JSON.
    struct CloudEvent: Encodable {
        var specversion: String
        var id: String
        var source: String
        var type: String
        var time: Date
        var subject: String
        var datacontenttype: String
        var data: Payload

        struct Payload: Encodable {
            var experiment: String
            var kind: String
            var iteration: Int
            var commit: String?
            var text: String
            var reportPath: String?
            var reportURL: String?
        }
    }
}

/// A POST whose 2xx answer acknowledges a notification.
enum NotificationPost {
    /// Sends `request`; its response when it is a 2xx, else `unreachable` (no response) or `rejected`.
    @discardableResult
    static func send(_ request: HTTPRequest, channel: String, over transport: any HTTPTransport) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw NotificationError(.unreachable, "\(channel): \(request): \(error)")
        }
        guard response.isSuccess else {
            throw NotificationError(.rejected, "\(channel): \(request) answered \(response.status): \(response.text.prefix(200))")
        }
        return response
    }

    /// `value` as the JSON a notification body carries: sorted keys, slashes unescaped, ISO 8601 times.
    static func json(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    static func timeouts(_ seconds: Double) -> HTTPTimeouts {
        let total = Duration.milliseconds(Int64(max(0.1, seconds) * 1000))
        return HTTPTimeouts(connect: total, total: total)
    }
}
