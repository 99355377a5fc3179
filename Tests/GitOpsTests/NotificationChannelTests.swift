import Foundation
import GitOps
import HTTPTransport
import Testing
import TestSupport

/// The webhook channels' requests: CloudEvents 1.0 structured JSON signed with HMAC-SHA256 (checked here with
/// Python's `hmac`, an independent implementation), Slack blocks with the report link; a non-2xx answer or no answer
/// is a failed send.
@Suite struct NotificationChannelTests {
    static let message = Notification(
        id: "0123456789abcdef0123456789abcdef", experiment: "bookinfo/reviews-canary", kind: .promoted, iteration: 3,
        commit: String(repeating: "ab", count: 20), time: Date(timeIntervalSince1970: 1_800_000_000),
        text: "bookinfo/reviews-canary: reviews-v2 promoted after 3 iterations: <it won>",
        reportPath: "experiments/reviews-canary.report.md",
        reportURL: "https://github.com/acme/rollouts/blob/main/experiments/reviews-canary.report.md")

    @Test func theWebhookPostsASignedCloudEvent() async throws {
        let transport = ScriptedHTTPTransport { _, _ in HTTPResponse(status: 202) }
        let url = try #require(URL(string: "https://hooks.example.com/iter8"))
        let channel = CloudEventsWebhook(
            url: url, secret: WebhookSecret("s3cret\n"), source: "https://github.com/acme/rollouts", transport: transport)
        try await channel.send(Self.message)
        let request = try #require(transport.requests.first)
        #expect(request.method == .post)
        #expect(request.url == url)
        #expect(request.headers["Content-Type"] == "application/cloudevents+json; charset=utf-8")
        let body = try #require(request.body)
        let event = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(event["specversion"] as? String == "1.0")
        #expect(event["id"] as? String == Self.message.id)
        #expect(event["type"] as? String == "tools.iter8.experiment.promoted")
        #expect(event["source"] as? String == "https://github.com/acme/rollouts")
        #expect(event["subject"] as? String == "bookinfo/reviews-canary")
        #expect(event["time"] as? String == "2027-01-15T08:00:00Z")
        let data = try #require(event["data"] as? [String: Any])
        #expect(data["iteration"] as? Int == 3)
        #expect(data["commit"] as? String == Self.message.commit)
        #expect(data["reportURL"] as? String == Self.message.reportURL)

        // The signature, recomputed by Python's hmac over the exact body with the secret (its newline not part of it).
        let signature = try #require(request.headers[CloudEventsWebhook.signatureHeader])
        let expected = try await Shell.run(
            "/usr/bin/env",
            ["python3", "-c", "import hmac,hashlib,sys; print('sha256=' + hmac.new(b's3cret', sys.stdin.buffer.read(), hashlib.sha256).hexdigest())"],
            input: body)
        #expect(signature == expected.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func withoutASecretTheEventIsUnsigned() async throws {
        let transport = ScriptedHTTPTransport { _, _ in HTTPResponse(status: 200) }
        let channel = CloudEventsWebhook(
            url: try #require(URL(string: "http://127.0.0.1:1/x")), secret: nil, source: "iter8", transport: transport)
        try await channel.send(Self.message)
        #expect(transport.requests.first?.headers[CloudEventsWebhook.signatureHeader] == nil)
    }

    @Test func slackGetsBlocksWithTheDecisionAndTheReportLink() async throws {
        let transport = ScriptedHTTPTransport { _, _ in HTTPResponse(status: 200, body: Data("ok".utf8)) }
        let channel = SlackWebhook(url: try #require(URL(string: "https://hooks.slack.com/services/T/B/X")), transport: transport)
        try await channel.send(Self.message)
        let body = try #require(transport.requests.first?.body)
        let payload = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(payload["text"] as? String == Self.message.text)
        let blocks = try #require(payload["blocks"] as? [[String: Any]])
        let section = try #require((blocks.first?["text"] as? [String: Any])?["text"] as? String)
        #expect(section.hasPrefix("*Promoted* · bookinfo/reviews-canary\n"))
        #expect(section.contains("&lt;it won&gt;"), "Slack's control characters are escaped: \(section)")
        let context = try #require(((blocks.last?["elements"] as? [[String: Any]])?.first)?["text"] as? String)
        #expect(context.contains("<\(Self.message.reportURL!)|report>"))
        #expect(context.contains("id `\(Self.message.id)`"))
    }

    @Test func aRefusalOrNoAnswerIsAFailedSend() async throws {
        let url = try #require(URL(string: "https://hooks.example.com/iter8"))
        let refusing = ScriptedHTTPTransport { _, _ in HTTPResponse(status: 500, body: Data("down".utf8)) }
        await #expect(throws: NotificationError.self) {
            try await CloudEventsWebhook(url: url, secret: nil, source: "iter8", transport: refusing).send(Self.message)
        }
        let silent = ScriptedHTTPTransport { request, _ in throw ScriptedHTTPTransport.failure(.timedOut, request) }
        do {
            try await SlackWebhook(url: url, transport: silent).send(Self.message)
            Issue.record("a send without an answer succeeded")
        } catch let error as NotificationError {
            #expect(error.code == .unreachable)
        }
    }
}

/// The service's notification settings: what cannot work is refused at start-up, naming the setting.
@Suite struct NotificationSettingsTests {
    @Test func validSettingsGiveAWebhookAndASlackChannel() throws {
        let directory = try TemporaryDirectory()
        let secret = directory.url.appendingPathComponent("secret")
        let slack = directory.url.appendingPathComponent("slack")
        try Data("s3cret\n".utf8).write(to: secret)
        try Data("https://hooks.slack.com/services/T/B/X\n".utf8).write(to: slack)
        let settings = try NotificationSettings(
            webhookURL: "https://hooks.example.com/iter8", webhookSecretFile: secret.path, slackURLFile: slack.path,
            repositoryWebURL: "https://github.com/acme/rollouts/blob/main", source: "https://github.com/acme/rollouts")
        let channels = settings.channels(transport: ScriptedHTTPTransport { _, _ in HTTPResponse(status: 200) })
        #expect(channels.map(\.name) == ["webhook", "slack"])
        #expect(settings.slackURL?.absoluteString == "https://hooks.slack.com/services/T/B/X")
    }

    @Test func badSettingsAreRefused() throws {
        let directory = try TemporaryDirectory()
        let empty = directory.url.appendingPathComponent("empty")
        try Data("\n".utf8).write(to: empty)
        let notURL = directory.url.appendingPathComponent("not-a-url")
        try Data("hooks.slack.com/services/T/B/X".utf8).write(to: notURL)
        let cases: [(String?, String?, String?, String?, String)] = [
            ("ftp://hooks.example.com/x", nil, nil, nil, "must be an http(s):// URL"),
            ("not a url", nil, nil, nil, "must be an http(s):// URL"),
            (nil, empty.path, nil, nil, "needs a notification webhook URL"),
            ("https://hooks.example.com/x", empty.path, nil, nil, "is empty"),
            ("https://hooks.example.com/x", "/nonexistent/secret", nil, nil, "cannot read"),
            (nil, nil, notURL.path, nil, "<redacted>"),
            (nil, nil, nil, "github.com/acme", "the repository web URL"),
        ]
        for (url, secret, slack, web, message) in cases {
            do {
                _ = try NotificationSettings(
                    webhookURL: url, webhookSecretFile: secret, slackURLFile: slack, repositoryWebURL: web, source: "iter8")
                Issue.record("accepted \(String(describing: url)) \(String(describing: secret)) \(String(describing: slack))")
            } catch {
                #expect(error.code == .invalidSettings)
                #expect(error.message.contains(message), "\(error.message)")
                #expect(!error.message.contains("hooks.slack.com"), "the Slack URL is a credential")
            }
        }
    }
}

/// `iter8_notifications_total{result}` follows the notifier's running counts.
@Suite struct NotificationMetricsTests {
    @Test func theCountsBecomeCounters() {
        let metrics = ServiceMetrics()
        var counts = NotificationCounts()
        counts.delivered = 3
        counts.failedSends = 2
        metrics.recordNotifications(counts)
        counts.delivered = 5
        counts.dropped = 1
        metrics.recordNotifications(counts)
        let text = metrics.exposition()
        #expect(text.contains("iter8_notifications_total{result=\"delivered\"} 5"), "\(text)")
        #expect(text.contains("iter8_notifications_total{result=\"failed\"} 2"))
        #expect(text.contains("iter8_notifications_total{result=\"dropped\"} 1"))
    }
}
