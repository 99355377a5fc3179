import Experiments
import Foundation
import GitOps
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// `iter8 run --kubernetes-events` as a process against the Sandbox: killed with SIGKILL mid-experiment and started
/// again, it writes one Event per transition on the VirtualService, readable with `kubectl get events`.
@Suite(.serialized) struct RunKubernetesEventsTests {
    @Test func eventsAcrossASigkillAreWrittenOncePerTransition() async throws {
        let spec = ReconcilerHarness.experiment(
            name: "reviews-canary", iterations: 6, extra: "  analysis:\n    noDataDeadlineSeconds: 600", mode: .fixed)
            .replacingOccurrences(of: "intervalSeconds: 10", with: "intervalSeconds: 1")
        let files = ["experiments/reviews-canary.yaml": spec, "istio/reviews.yaml": ReconcilerHarness.virtualService()]
        let origin = try await offPool { try GitOrigin(files: files) }
        let daemon = try await GitDaemonServer.start(serving: origin)
        let server = try await SandboxAPIServer.start(SandboxConfiguration())
        let mesh = SimulatedMesh(store: server.store, configuration: MeshConfiguration(requestsPerSecond: 200, seed: 5))
        let metrics = try await MeshMetricsServer.start(mesh: mesh)
        let driver = Task { await mesh.run(tick: .milliseconds(50)) }
        defer {
            driver.cancel()
            Task {
                await metrics.stop()
                await server.stop()
            }
        }
        let workspace = try TemporaryDirectory(prefix: "iter8-events")
        let live = workspace.file("virtualservice.yaml")
        try ReconcilerHarness.virtualService().write(to: live, atomically: true, encoding: .utf8)
        _ = try await SandboxManifests.apply(
            paths: [ReconcilerHarness.fixtures.appendingPathComponent("cluster").path, live.path], to: server.store)
        let kubeconfig = workspace.file("kubeconfig")
        try server.writeKubeconfig(to: kubeconfig)
        let binary = try BuiltExecutable.path("iter8")
        func start(_ name: String) async throws -> ManagedProcess {
            let arguments = [
                "run", "--repository", daemon.url, "--kubeconfig", kubeconfig.path,
                "--prometheus-url", metrics.prometheusURL.absoluteString, "--poll-interval", "1",
                "--workdir", workspace.file("work").path, "--listen", "127.0.0.1:\(try FreePort.next())",
                "--allowed-namespaces", "bookinfo", "--repository-web-url", "https://git.example/acme/rollouts/blob/main",
            ]
            let environment = ["ITER8_KUBERNETES_EVENTS": "true", "POD_NAME": name]
            return try await offPool {
                try ManagedProcess(binary, arguments, logFile: workspace.file("\(name).log"), environment: environment)
            }
        }
        let statusPath = StatusPaths.status("experiments/reviews-canary")
        func status() async -> String { (try? await offPool { try origin.show(statusPath) }) ?? "" }
        let client = SandboxKubernetesClient(store: server.store)
        func events() async throws -> [JSONValue] {
            try await client.list(KubernetesEventChannel.eventType, namespace: "bookinfo", labelSelector: nil)
        }

        let first = try await start("iter8-first")
        try await Wait.until("a WeightsChanged Event (log: \(first.logTail()))", timeout: .seconds(60)) {
            (try? await events())?.contains { $0["reason"] == "WeightsChanged" } == true
        }
        first.signal(SIGKILL)
        try await Wait.until("the first service to die", timeout: .seconds(60)) { !first.isRunning }
        #expect(!(await status()).contains("phase: Completed"))

        let second = try await start("iter8-second")
        defer { second.stop() }
        try await Wait.until("the experiment to complete (log: \(second.logTail()))", timeout: .seconds(90)) {
            await status().contains("phase: Completed")
        }
        try await Wait.until("the Promoted Event (log: \(second.logTail()))", timeout: .seconds(60)) {
            (try? await events())?.contains { $0["reason"] == "Promoted" } == true
        }

        let kubectl = try RequiredTool.path("kubectl", package: "kubectl")
        let output = try await Shell.run(
            kubectl,
            ["--kubeconfig", kubeconfig.path, "--cache-dir", workspace.file("kubectl-cache").path, "get", "events", "-n",
             "bookinfo", "-o", "json"])
        let listed = try JSONValue.parse(Data(output.utf8))["items"]?.arrayValue ?? []
        let reasons = listed.compactMap { $0["reason"]?.stringValue }
        #expect(reasons.filter { $0 == "ExperimentStarted" }.count == 1, "\(reasons)")
        #expect(reasons.filter { $0 == "Promoted" }.count == 1, "\(reasons)")
        #expect(reasons.filter { $0 == "WeightsChanged" }.count >= 2, "\(reasons)")
        // One Event per transition: each WeightsChanged names another split (its message), none twice.
        let splits = listed.filter { $0["reason"] == "WeightsChanged" }.compactMap { $0["message"]?.stringValue }
        #expect(Set(splits).count == splits.count, "\(splits)")
        for event in listed {
            #expect(event["involvedObject"]?["kind"] == "VirtualService" && event["involvedObject"]?["name"] == "reviews")
            #expect(event["source"]?["component"] == "iter8.tools/reconciler")
            #expect(["iter8-first", "iter8-second"].contains(event["reportingInstance"]?.stringValue ?? ""), "\(event)")
        }
        let promoted = try #require(listed.first { $0["reason"] == "Promoted" })
        #expect(promoted["reportingInstance"] == "iter8-second")
        #expect(
            promoted["message"]?.stringValue?.contains(
                "https://git.example/acme/rollouts/blob/main/\(StatusPaths.report("experiments/reviews-canary"))") == true)
    }
}
