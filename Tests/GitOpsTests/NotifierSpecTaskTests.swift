import Experiments
import Foundation
import GitOps
import HTTPTransport
import Kubernetes
import Synchronization
import Testing
import TestSupport

/// A spec's `notification/http` and `notification/slack` tasks on in-memory fakes: their entries go in the outbox
/// with the transition they report (stable ids, the summary at the transition, `if` evaluated then), are sent with
/// the credentials of a Secret in the experiment's namespace, retried while a receiver refuses, and dropped at once
/// for what no retry fixes.
@Suite struct NotifierSpecTaskTests {
    typealias Harness = ReconcilerUnitHarness

    /// The unit harness's canary with `actions` (YAML under `strategy.actions`, indented four spaces).
    static func spec(_ actions: String) -> String {
        let indented = actions.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
        return Harness.spec().replacingOccurrences(
            of: "    maxCandidateWeightIncrement: 30\n",
            with: "    maxCandidateWeightIncrement: 30\n    actions:\n" + indented.joined(separator: "\n"))
    }

    static let actions = """
            start:
            - task: notification/http
              with:
                url: https://hooks.example.com/rollouts
                authType: Bearer
                secret: hook
                headers:
                - {name: X-Team, value: reviews}
                - {name: X-Key, value: "k-{{ .secret.apikey }}"}
            finish:
            - task: notification/slack
              if: CandidateWon()
              with: {channel: C0RELEASES, secret: slack-bot}
            - task: notification/http
              if: "!WinnerFound()"
              with: {url: https://hooks.example.com/no-winner}

        """

    static func secret(_ name: String, _ data: [String: String], namespace: String = "bookinfo") -> JSONValue {
        var encoded: [String: JSONValue] = [:]
        for (key, value) in data { encoded[key] = .string(Data(value.utf8).base64EncodedString()) }
        return [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "data": .object(encoded),
        ]
    }

    static func cluster() async throws -> InMemoryKubernetesClient {
        let client = InMemoryKubernetesClient()
        _ = try await client.seed(SpecTaskChannel.secretType, secret("hook", ["token": "hook-token", "apikey": "abc"]))
        _ = try await client.seed(SpecTaskChannel.secretType, secret("slack-bot", ["token": "xoxb-bot"]))
        return client
    }

    /// A transport answering 200 (Slack's `{"ok": true}`) unless `answer` says otherwise.
    static func transport(
        _ answer: @escaping @Sendable (HTTPRequest, Int) -> HTTPResponse? = { _, _ in nil }
    ) -> ScriptedHTTPTransport {
        ScriptedHTTPTransport { request, index in
            answer(request, index) ?? ScriptedHTTPTransport.json(200, #"{"ok": true}"#)
        }
    }

    @Test func theStartAndFinishTasksAreSentOnceWithTheSecretsCredentialsAndStableIDs() async throws {
        let transport = Self.transport()
        let settings = SpecTaskSettings(
            client: try await Self.cluster(), transport: transport, slackAPIBaseURL: URL(string: "https://slack.test/api")!)
        let harness = Harness(files: [Harness.path: Self.spec(Self.actions)], specTasks: settings)
        await harness.step()
        let started = try harness.status()
        let startEntry = try #require(started.outbox?.first { $0.channel == "spec:start:0" }, "\(started.outbox ?? [])")
        #expect(startEntry.kind == "started")
        #expect(startEntry.id == NotificationID.make(
            experiment: Harness.key, kind: .started, iteration: 0, specRevision: started.specRevision))
        #expect(startEntry.summary?.winnerFound == false)
        try await harness.run(is: .completed)
        await harness.step()
        #expect(try harness.status().outbox == nil, "every entry acknowledged")

        let requests = transport.requests
        #expect(requests.map(\.url.absoluteString) == [
            "https://hooks.example.com/rollouts", "https://slack.test/api/chat.postMessage",
        ], "the !WinnerFound() task does not run: a winner was found")
        let start = requests[0]
        #expect(start.method == .post)
        #expect(start.headers["Authorization"] == "Bearer hook-token")
        #expect(start.headers["X-Team"] == "reviews" && start.headers["X-Key"] == "k-abc")
        let body = try JSONValue.parse(try #require(start.body))
        #expect(body["id"]?.stringValue == startEntry.id)
        #expect(body["kind"] == "started" && body["iteration"] == 0)
        #expect(body["experiment"]?["name"] == "reviews-canary" && body["experiment"]?["namespace"] == "bookinfo")
        #expect(body["summary"]?["winnerFound"] == false)

        let slack = requests[1]
        #expect(slack.headers["Authorization"] == "Bearer xoxb-bot")
        let message = try JSONValue.parse(try #require(slack.body))
        #expect(message["channel"] == "C0RELEASES")
        #expect(message["text"]?.stringValue?.contains("reviews-v2 promoted") == true, "\(message)")
        let final = try harness.status()
        let promotedID = NotificationID.make(
            experiment: Harness.key, kind: .promoted, iteration: final.state.completedIterations,
            specRevision: final.specRevision)
        let context = message["blocks"]?.arrayValue?.last?["elements"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        #expect(context.contains("id `\(promotedID)`") && context.contains("winner `reviews-v2`"), "\(context)")
        #expect(await harness.notifier?.counts.delivered == 2)
    }

    @Test func aSlackRefusalIsRetriedWithTheSameIDUntilItIsAccepted() async throws {
        let refusing = Mutex(true)
        let transport = Self.transport { _, _ in
            refusing.withLock { $0 } ? ScriptedHTTPTransport.json(200, #"{"ok": false, "error": "not_in_channel"}"#) : nil
        }
        let actions = """
                start:
                - task: notification/slack
                  with: {channel: C0RELEASES, secret: slack-bot}

            """
        let harness = Harness(
            files: [Harness.path: Self.spec(actions)],
            policy: NotificationPolicy(maxAttempts: 100, maxAgeSeconds: 100_000, backoffSeconds: 10, maxBackoffSeconds: 10),
            specTasks: SpecTaskSettings(client: try await Self.cluster(), transport: transport))
        await harness.step()
        await harness.step(20)
        let pending = try #require(try harness.status().outbox?.first { $0.channel == "spec:start:0" })
        #expect(transport.requests.count == 2, "refused (200, ok false) and retried")
        refusing.withLock { $0 = false }
        await harness.step(20)
        await harness.step(20)
        #expect(try harness.status().outbox?.contains { $0.channel == "spec:start:0" } != true)
        let ids = try transport.requests.map { try JSONValue.parse(try #require($0.body)) }
            .compactMap { $0["blocks"]?.arrayValue?.last?["elements"]?.arrayValue?.first?["text"]?.stringValue }
        #expect(ids.count == 3 && ids.allSatisfy { $0.contains("id `\(pending.id)`") }, "\(ids)")
        #expect(await harness.notifier?.counts.delivered == 1)
    }

    @Test func whatNoRetryCanFixIsDroppedAtOnceAndTheRolloutGoesOn() async throws {
        let transport = Self.transport()
        let actions = """
                start:
                - task: notification/http
                  with: {url: http://hooks.example.com/plain}

            """
        let harness = Harness(
            files: [Harness.path: Self.spec(actions)],
            specTasks: SpecTaskSettings(client: try await Self.cluster(), transport: transport))
        await harness.step()
        #expect(transport.requests.isEmpty, "plain http is refused without --allow-insecure-http")
        #expect(await harness.notifier?.counts.dropped == 1)
        try await harness.run(is: .completed)

        let allowed = Harness(
            files: [Harness.path: Self.spec(actions)],
            specTasks: SpecTaskSettings(client: try await Self.cluster(), transport: transport, allowsInsecureHTTP: true))
        await allowed.step()
        #expect(transport.requests.map(\.url.absoluteString) == ["http://hooks.example.com/plain"])

        let outside = Harness(
            files: [Harness.path: Self.spec(actions)],
            specTasks: SpecTaskSettings(
                client: try await Self.cluster(), transport: transport, allowsInsecureHTTP: true, allowedNamespaces: ["payments"]))
        await outside.step()
        #expect(transport.requests.count == 1, "an experiment outside the allowed namespaces runs no task")
        #expect(await outside.notifier?.counts.dropped == 1)
    }

    @Test func withoutSpecNotificationsTheTasksAddNoEntries() async throws {
        let channel = RecordingNotificationChannel(name: "webhook")
        let harness = Harness(files: [Harness.path: Self.spec(Self.actions)], channels: [channel])
        await harness.step()
        #expect(channel.received.first?.kind == .started, "the service's channel is unaffected")
        #expect(try harness.status().outbox?.allSatisfy { !$0.channel.hasPrefix("spec:") } ?? true, "no entry for a task")
    }
}
