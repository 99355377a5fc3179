import Experiments
import Foundation
import GitOps
import HTTPTransport
import Kubernetes
import Playground
import PromQL
import Testing
import TestSupport

/// A spec's notification tasks end to end: a canary on the real git daemon and the Sandbox over HTTPS whose spec
/// has a `notification/http` start task and a `notification/slack` finish task, their Secrets made with the real
/// `kubectl create secret generic`, delivered to a loopback receiver standing in for the hook and Slack's Web API.
@Suite(.serialized) struct ReconcilerSpecTaskTests {
    static let actions = """
            actions:
              start:
              - task: notification/http
                with:
                  url: RECEIVER/hooks/rollouts
                  authType: Bearer
                  secret: bookinfo/hook
                  headers:
                  - {name: X-Team, value: reviews}
              finish:
              - task: notification/slack
                if: CandidateWon()
                with: {channel: C0RELEASES, secret: slack-bot}

        """

    /// The playground's reconciler again, with a notifier that runs spec tasks only (a new one is a restart: it
    /// remembers nothing).
    static func reconciler(_ playground: Playground, receiver: NotificationReceiver) -> Reconciler {
        let clock = MeshClock(mesh: playground.mesh, timeScale: 1)
        let tasks = SpecTaskSettings(
            client: playground.client, transport: CurlTransport(),
            slackAPIBaseURL: receiver.baseURL.appendingPathComponent("slack/api"), allowsInsecureHTTP: true,
            allowedNamespaces: ["bookinfo"])
        let notifier = Notifier(channels: [], clock: clock, logger: Playground.quietLogger, specTasks: tasks)
        let environment = ClusterEnvironment.gated(
            client: playground.client,
            metrics: PrometheusMetricsSource(
                client: PrometheusClient(baseURL: playground.metricsServer.prometheusURL, transport: CurlTransport())),
            routing: StandardRouting.plugins, allowedNamespaces: nil)
        return Reconciler(
            repository: playground.repository, environment: environment,
            configuration: ReconcilerConfiguration(
                identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10),
            clock: clock, logger: Playground.quietLogger, reports: ReportRenderer(), notifier: notifier)
    }

    static func status(_ harness: ReconcilerHarness) async throws -> ExperimentStatus {
        let path = StatusPaths.status("experiments/reviews-canary")
        return try StatusFile.read(Data(try await harness.show(path).utf8), file: path)
    }

    static func pass(_ reconciler: Reconciler, _ harness: ReconcilerHarness) async throws -> PassReport {
        try await harness.playground.mesh.advance(simulatedSeconds: 10)
        let report = await reconciler.pass()
        if let failure = report.failure, failure.stage != .publish { throw TestSupportError("pass failed: \(failure)") }
        return report
    }

    @Test func theStartHookAndTheFinishSlackMessageArriveWithStableIDsAndARestartRepeatsTheSameID() async throws {
        let receiver = try await NotificationReceiver.start(secret: "unused")
        let spec = ReconcilerHarness.experiment(name: "reviews-canary").replacingOccurrences(
            of: "    maxCandidateWeightIncrement: 30\n",
            with: "    maxCandidateWeightIncrement: 30\n"
                + Self.actions.replacingOccurrences(of: "RECEIVER", with: receiver.baseURL.absoluteString))
        let harness = try await ReconcilerHarness.start(files: ["experiments/reviews-canary.yaml": spec])
        defer { Task { await harness.stop() } }
        _ = try await ReconcilerEventsTests.kubectl(
            harness, "create", "secret", "generic", "hook", "-n", "bookinfo", "--from-literal=token=hook-token")
        _ = try await ReconcilerEventsTests.kubectl(
            harness, "create", "secret", "generic", "slack-bot", "-n", "bookinfo", "--from-literal=token=xoxb-bot")

        // The first replica sends the start hook, and stops before a status commit acknowledges it.
        let first = Self.reconciler(harness.playground, receiver: receiver)
        for _ in 0..<10 where try receiver.received().isEmpty { _ = try await Self.pass(first, harness) }
        let start = try #require(try receiver.received().first, "the start hook did not arrive: \(receiver.logTail())")
        #expect(start.path == "/hooks/rollouts" && start.method == "POST")
        #expect(start.authorization == "Bearer hook-token")
        let hook = try JSONValue.parse(Data(start.body.utf8))
        #expect(hook["kind"] == "started" && hook["experiment"]?["name"] == "reviews-canary")
        let status = try await Self.status(harness)
        #expect(hook["id"]?.stringValue == NotificationID.make(
            experiment: "bookinfo/reviews-canary", kind: .started, iteration: 0, specRevision: status.specRevision))

        // A restarted service finds the entry in the status file and sends it again: the same id.
        let second = Self.reconciler(harness.playground, receiver: receiver)
        var completed = false
        for _ in 0..<40 where !completed {
            let report = try await Self.pass(second, harness)
            completed = report.experiments.first { $0.key == "bookinfo/reviews-canary" }?.phase == .completed
        }
        try #require(completed, "the canary did not complete")
        for _ in 0..<2 { _ = try await Self.pass(second, harness) }

        let received = try receiver.received()
        let hooks = received.filter { $0.path == "/hooks/rollouts" }
        #expect(hooks.count == 2, "the start hook and its repeat after the restart: \(received.map(\.path))")
        #expect(Set(hooks.map { try? JSONValue.parse(Data($0.body.utf8))["id"] }).count == 1, "a repeat carries the same id")
        let slack = received.filter { $0.path == "/slack/api/chat.postMessage" }
        #expect(slack.count == 1, "\(received.map(\.path))")
        #expect(received.count == 3, "nothing else: \(received.map(\.path))")
        let message = try JSONValue.parse(Data(try #require(slack.first).body.utf8))
        #expect(slack.first?.authorization == "Bearer xoxb-bot")
        #expect(message["channel"] == "C0RELEASES")
        #expect(message["text"]?.stringValue?.contains("reviews-v2 promoted") == true, "\(message)")
        let final = try await Self.status(harness)
        let promoted = NotificationID.make(
            experiment: "bookinfo/reviews-canary", kind: .promoted, iteration: final.state.completedIterations,
            specRevision: final.specRevision)
        #expect(slack.first?.body.contains("id `\(promoted)`") == true, "\(slack.first?.body ?? "")")
        #expect(final.outbox == nil, "every entry acknowledged")
    }
}
