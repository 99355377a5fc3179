import Experiments
import Foundation
import GitOps
import HTTPTransport
import Kubernetes
import Playground
import PromQL
import Testing
import TestSupport

/// Kubernetes Events end to end: a canary on the real git daemon and the Sandbox over HTTPS, its notifications
/// delivered by the Events channel through the write gate, read back with the real kubectl.
@Suite(.serialized) struct ReconcilerEventsTests {
    /// The playground's reconciler again, with a notifier whose one channel writes Events (the playground's own
    /// reconciler has none).
    static func reconciler(_ playground: Playground) -> Reconciler {
        let clock = MeshClock(mesh: playground.mesh, timeScale: 1)
        let gate = WriteGate(playground.client, rules: [.events(in: ["bookinfo"])])
        let notifier = Notifier(
            channels: [KubernetesEventChannel(client: gate, reportingInstance: "iter8-test-0")], clock: clock,
            logger: Playground.quietLogger, reportBaseURL: "https://git.example/acme/rollouts/blob/main")
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

    static func kubectl(_ harness: ReconcilerHarness, _ arguments: String...) async throws -> String {
        let path = try RequiredTool.path("kubectl", package: "kubectl")
        let cache = harness.workspace.file("kubectl-cache").path
        return try await Shell.run(path, ["--kubeconfig", harness.playground.kubeconfigPath, "--cache-dir", cache] + arguments)
    }

    @Test func kubectlGetEventsListsTheCanarysStartWeightChangesAndPromotion() async throws {
        let harness = try await ReconcilerHarness.start(files: [
            "experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary")
        ])
        defer { Task { await harness.stop() } }
        let reconciler = Self.reconciler(harness.playground)
        var completed = false
        for _ in 0..<40 where !completed {
            try await harness.playground.mesh.advance(simulatedSeconds: 10)
            let report = await reconciler.pass()
            if let failure = report.failure, failure.stage != .publish { throw TestSupportError("pass failed: \(failure)") }
            completed = report.experiments.first { $0.key == "bookinfo/reviews-canary" }?.phase == .completed
        }
        try #require(completed, "the canary did not complete")

        let listed = try JSONValue.parse(
            Data(try await Self.kubectl(harness, "get", "events", "-n", "bookinfo", "-o", "json").utf8))
        let events = (listed["items"]?.arrayValue ?? []).sorted {
            ($0["eventTime"]?.stringValue ?? "", $0["reason"]?.stringValue ?? "")
                < ($1["eventTime"]?.stringValue ?? "", $1["reason"]?.stringValue ?? "")
        }
        let reasons = events.compactMap { $0["reason"]?.stringValue }
        #expect(reasons.first == "ExperimentStarted", "\(reasons)")
        #expect(reasons.last == "Promoted", "\(reasons)")
        #expect(reasons.filter { $0 == "WeightsChanged" }.count >= 2, "\(reasons)")
        #expect(Set(reasons).isSubset(of: ["ExperimentStarted", "WeightsChanged", "TrafficHeld", "Promoted"]), "\(reasons)")
        for event in events {
            #expect(event["involvedObject"]?["kind"] == "VirtualService")
            #expect(event["involvedObject"]?["name"] == "reviews")
            #expect(event["involvedObject"]?["namespace"] == "bookinfo")
            #expect(event["source"]?["component"] == "iter8.tools/reconciler")
            #expect(event["reportingComponent"] == "iter8.tools/reconciler")
            #expect(event["message"]?.stringValue?.hasPrefix("bookinfo/reviews-canary") == true, "\(event)")
        }
        let promoted = try #require(events.last)
        #expect(promoted["type"] == "Normal" && promoted["action"] == "Promote")
        let message = promoted["message"]?.stringValue ?? ""
        #expect(message.contains("reviews-v2 promoted"), "\(message)")
        #expect(
            message.contains("Report: https://git.example/acme/rollouts/blob/main/\(StatusPaths.report("experiments/reviews-canary"))"),
            "\(message)")
        let weights = try #require(events.first { $0["reason"] == "WeightsChanged" })
        #expect(weights["message"]?.stringValue?.contains("traffic moves to") == true)

        // The same Events through events.k8s.io/v1, and a table a person reads.
        let grouped = try JSONValue.parse(
            Data(try await Self.kubectl(harness, "get", "events.events.k8s.io", "-n", "bookinfo", "-o", "json").utf8))
        #expect(grouped["items"]?.arrayValue?.count == events.count)
        #expect(grouped["items"]?.arrayValue?.allSatisfy { $0["regarding"]?["name"] == "reviews" && $0["note"] != nil } == true)
        let table = try await Self.kubectl(
            harness, "get", "events", "-n", "bookinfo", "--sort-by=.eventTime",
            "-o", "custom-columns=TYPE:.type,REASON:.reason,OBJECT:.involvedObject.name,MESSAGE:.message")
        #expect(table.contains("Normal   Promoted") || table.contains("Promoted"), "\(table)")

        // Once per transition: more passes (nothing new happens) write no Event twice.
        for _ in 0..<2 {
            try await harness.playground.mesh.advance(simulatedSeconds: 10)
            _ = await reconciler.pass()
        }
        let again = try JSONValue.parse(
            Data(try await Self.kubectl(harness, "get", "events", "-n", "bookinfo", "-o", "json").utf8))
        #expect(again["items"]?.arrayValue?.count == events.count)
        let names = Set(events.compactMap { $0["metadata"]?["name"]?.stringValue })
        #expect(names.count == events.count && names.allSatisfy { $0.hasPrefix("reviews.") })
    }
}
