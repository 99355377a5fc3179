import Foundation
import HTTPTransport

/// A Slack incoming webhook: each notification is a message with blocks — the decision in bold, the reason, and a
/// line with a link to the report, the iteration, the commit and the notification's id (so a person can tell a
/// repeat). The webhook URL is a secret (it is the credential), read from a file. See `docs/notifications.md`.
public struct SlackWebhook: NotificationChannel {
    /// The channel's name (`slack` for the service's).
    public let name: String
    let url: URL
    let transport: any HTTPTransport
    let timeoutSeconds: Double

    /// Creates the channel.
    public init(name: String = "slack", url: URL, transport: any HTTPTransport, timeoutSeconds: Double = 5) {
        self.name = name
        self.url = url
        self.transport = transport
        self.timeoutSeconds = timeoutSeconds
    }

    /// POSTs the message; a 2xx answer acknowledges it.
    public func send(_ message: Notification) async throws {
        try await NotificationPost.send(
            HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json; charset=utf-8"],
                body: try Self.body(message), timeouts: NotificationPost.timeouts(timeoutSeconds),
                maximumResponseBytes: 64 << 10),
            channel: name, over: transport)
    }

    /// The message's JSON: `text` (the notification's line, for clients without blocks) and `blocks`; with
    /// `channel` (for the Web API's `chat.postMessage`, which a spec's `notification/slack` task posts to), the channel.
    public static func body(_ message: Notification, channel: String? = nil) throws -> Data {
        var context = [String]()
        if let url = message.reportURL {
            context.append("<\(url)|report>")
        } else if let path = message.reportPath {
            context.append("report: `\(path)`")
        }
        context.append("iteration \(message.iteration)")
        if let commit = message.commit { context.append("commit `\(commit.prefix(12))`") }
        context.append("id `\(message.id)`")
        if let summary = message.summary {
            context.insert(summary.winner.map { "winner `\($0)`" } ?? "no winner", at: 0)
        }
        let payload = Payload(
            channel: channel, text: message.text,
            blocks: [
                .init(type: "section", text: .init(
                    type: "mrkdwn", text: "*\(Self.title(message.kind))* · \(message.experiment)\n\(Self.escaped(message.text))")),
                .init(type: "context", elements: [.init(type: "mrkdwn", text: context.joined(separator: " · "))]),
            ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(payload)
    }

    /// The decision, for people.
    static func title(_ kind: NotificationKind) -> String {
        switch kind {
        case .started: "Started"
        case .weightsChanged: "Traffic shifted"
        case .held: "Traffic held"
        case .promoted: "Promoted"
        case .rolledBack: "Rolled back"
        case .inconclusive: "Inconclusive"
        case .failed: "Failed"
        case .ended: "Ended"
        }
    }

    /// Slack's three control characters escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    struct Payload: Encodable {
        var channel: String?
        var text: String
        var blocks: [Block]
    }

    struct Block: Encodable {
        var type: String
        var text: Text?
        var elements: [Text]?

        init(type: String, text: Text? = nil, elements: [Text]? = nil) {
            self.type = type
            self.text = text
            self.elements = elements
        }
    }

    struct Text: Encodable {
        var type: String
        var text: String
    }
}
