import Foundation
import HTTPTransport

/// The service's notification channels as configured (`iter8 run --notify-webhook-url …`), validated: a setting
/// that cannot work is refused at start-up, not discovered at the first promotion.
public struct NotificationSettings: Sendable {
    /// Where CloudEvents are POSTed.
    public var webhookURL: URL?
    /// The HMAC key of `X-Iter8-Signature`.
    public var webhookSecret: WebhookSecret?
    /// The Slack incoming webhook (a credential: read from a file).
    public var slackURL: URL?
    /// The repository's web address for files, e.g. `https://github.com/acme/rollouts/blob/main`: report links.
    public var repositoryWebURL: String?
    /// The CloudEvents `source`.
    public var source: String

    /// Reads and validates the settings.
    ///
    /// - Parameters:
    ///   - webhookURL: an `http(s)://` URL.
    ///   - webhookSecretFile: a file holding the HMAC key (a trailing newline is not part of it); only with a URL.
    ///   - slackURLFile: a file holding the Slack incoming webhook's `https://hooks.slack.com/…` URL.
    ///   - repositoryWebURL: an `http(s)://` prefix for report links.
    ///   - source: the CloudEvents `source` (the repository's URL, without credentials).
    /// - Throws: ``NotificationError`` with code ``NotificationError/Code/invalidSettings``, naming the setting.
    public init(
        webhookURL: String?, webhookSecretFile: String?, slackURLFile: String?, repositoryWebURL: String?, source: String
    ) throws(NotificationError) {
        self.source = source.isEmpty ? "iter8" : source
        if let webhookURL {
            self.webhookURL = try Self.url(webhookURL, setting: "the notification webhook URL")
        }
        if let webhookSecretFile {
            guard self.webhookURL != nil else {
                throw NotificationError(.invalidSettings, "a notification webhook secret needs a notification webhook URL")
            }
            let secret = WebhookSecret(try Self.contents(webhookSecretFile, what: "notification webhook secret"))
            webhookSecret = secret
        }
        if let slackURLFile {
            let text = try Self.contents(slackURLFile, what: "Slack webhook URL").trimmingCharacters(in: .whitespacesAndNewlines)
            slackURL = try Self.url(text, setting: "the Slack webhook URL in \(slackURLFile)", redacted: true)
        }
        if let repositoryWebURL {
            let url = try Self.url(repositoryWebURL, setting: "the repository web URL")
            self.repositoryWebURL = url.absoluteString
        }
    }

    /// True when no channel is configured.
    public var isEmpty: Bool { webhookURL == nil && slackURL == nil }

    /// The channels, over `transport`.
    public func channels(transport: any HTTPTransport, timeoutSeconds: Double = 5) -> [any NotificationChannel] {
        var channels: [any NotificationChannel] = []
        if let webhookURL {
            channels.append(CloudEventsWebhook(
                url: webhookURL, secret: webhookSecret, source: source, transport: transport, timeoutSeconds: timeoutSeconds))
        }
        if let slackURL {
            channels.append(SlackWebhook(url: slackURL, transport: transport, timeoutSeconds: timeoutSeconds))
        }
        return channels
    }

    static func url(_ text: String, setting: String, redacted: Bool = false) throws(NotificationError) -> URL {
        let shown = redacted ? "<redacted>" : text
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else { throw NotificationError(.invalidSettings, "\(setting) must be an http(s):// URL with a host, not \(shown)") }
        return url
    }

    static func contents(_ path: String, what: String) throws(NotificationError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotificationError(.invalidSettings, "cannot read the \(what) file \(path)")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw NotificationError(.invalidSettings, "the \(what) file \(path) is empty")
        }
        return text
    }
}
