import Experiments
import Foundation
import GitOps
import HTTPTransport
import Kubernetes
import Sandbox
import Testing
import TestSupport
import YAML

/// `iter8 run` as a process, killed with SIGKILL in the middle of an experiment and started again: it
/// resumes from the committed status and promotes exactly once.
@Suite(.serialized) struct ReconcilerCrashTests {
    /// The `iter8` executable built next to the test bundle.
    static func executable() throws -> String { try BuiltExecutable.path("iter8") }

    @Test func killedMidExperimentResumesAndPromotesOnce() async throws {
        // The deadline is far: the restarted replica waits for the dead one's Lease to run out (8 s, the shortest
        // --lease-duration), and the experiment must resume after that, not count it as a lapse of supervision.
        // Fixed: all 8 iterations, so the kill after the third lands mid-experiment (adaptive would promote at the third).
        let spec = ReconcilerHarness.experiment(
            name: "reviews-canary", iterations: 8, extra: "  analysis:\n    noDataDeadlineSeconds: 600", mode: .fixed)
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
        let workspace = try TemporaryDirectory(prefix: "iter8-crash")
        let live = workspace.file("virtualservice.yaml")
        try ReconcilerHarness.virtualService().write(to: live, atomically: true, encoding: .utf8)
        _ = try await SandboxManifests.apply(
            paths: [ReconcilerHarness.fixtures.appendingPathComponent("cluster").path, live.path], to: server.store)
        let kubeconfig = workspace.file("kubeconfig")
        try server.writeKubeconfig(to: kubeconfig)
        let binary = try Self.executable()
        let token = "s3cr3t-\(UUID().uuidString)"
        let tokenFile = workspace.file("token")
        try token.write(to: tokenFile, atomically: true, encoding: .utf8)
        let statusPath = StatusPaths.status("experiments/reviews-canary")
        func start(_ name: String, port: Int) async throws -> ManagedProcess {
            let arguments = [
                "run", "--repository", daemon.url, "--kubeconfig", kubeconfig.path,
                "--prometheus-url", metrics.prometheusURL.absoluteString, "--poll-interval", "1",
                "--workdir", workspace.file("work").path, "--listen", "127.0.0.1:\(port)", "--log-format", "json",
                "--git-token-file", tokenFile.path, "--webhook-secret-file", tokenFile.path,
            ]
            // Leader election on, as in samples/deploy: each replica takes the Lease before it reconciles.
            let environment = [
                "ITER8_LEADER_ELECTION": "true", "ITER8_LEADER_ELECTION_NAMESPACE": "default", "POD_NAME": name,
                "ITER8_LEASE_DURATION": "8",
            ]
            return try await offPool {
                try ManagedProcess(binary, arguments, logFile: workspace.file("\(name).log"), environment: environment)
            }
        }
        func show(_ path: String) async -> String? { try? await offPool { try origin.show(path) } }
        func completedIterations() async -> Int {
            guard let text = await show(statusPath),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("  completedIterations: ") })
            else { return 0 }
            return Int(line.split(separator: " ").last ?? "") ?? 0
        }

        let firstPort = try FreePort.next()
        let first = try await start("first", port: firstPort)
        try await Wait.until("three iterations committed (log: \(first.logTail()))", timeout: .seconds(60)) { await completedIterations() >= 3 }
        first.signal(SIGKILL)
        try await Wait.until("the first service to die", timeout: .seconds(60)) { !first.isRunning }
        let atKill = await completedIterations()
        #expect(atKill < 8)

        let secondPort = try FreePort.next()
        let second = try await start("second", port: secondPort)
        defer { second.stop() }
        let transport = CurlTransport()
        try await Wait.until("the restarted service to be ready", timeout: .seconds(60)) {
            let response = try? await transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(secondPort)/readyz")!))
            return response?.status == 200
        }
        try await Wait.until("the experiment to complete (log: \(second.logTail()))", timeout: .seconds(60)) {
            await show(statusPath)?.contains("phase: Completed") == true
        }
        let bare = origin.bare
        let log = try await Shell.git(["log", "--format=%B%x01", "main"], in: bare)
        let promotions = log.split(separator: "\u{01}").filter { $0.contains("Iter8-Action: promotion") }
        #expect(promotions.count == 1)
        let status = try YAMLDecoder(unknownFields: .error).decode(
            ExperimentStatus.self, from: try #require(await show(statusPath)), file: statusPath)
        // Every iteration assessed once across the restart; a held one (no data yet) is recorded too, under the
        // number it will be counted as, and never after it.
        // (Past 10 records, the oldest are compact: the same numbers, times and held flags.)
        let records = (status.compactedIterations ?? []).map { (number: $0.number, time: $0.time, held: $0.held) }
            + status.iterations.map { (number: $0.number, time: $0.time, held: $0.result.traffic.held) }
        let counted = records.filter { !$0.held }.map(\.number)
        #expect(counted == Array(1...8), "assessed iteration records after the restart: \(counted)")
        #expect(zip(records, records.dropFirst()).allSatisfy { $0.number <= $1.number && $0.time < $1.time })
        let manifest = try #require(await show("istio/reviews.yaml"))
        #expect(manifest.contains("subset: v2\n      weight: 100"))
        let metricsText = try await transport.send(HTTPRequest(url: URL(string: "http://127.0.0.1:\(secondPort)/metrics")!))
        #expect(String(decoding: metricsText.body, as: UTF8.self).contains("iter8_experiments{phase=\"Completed\"} 1"))

        // SIGTERM: the pass in flight finishes and the service exits cleanly.
        second.signal(SIGTERM)
        try await Wait.until("the service to stop on SIGTERM", timeout: .seconds(60)) { !second.isRunning }
        #expect(second.exitStatus == 0, "\(second.logTail())")
        // The first (killed) never released the Lease; the second took it over and released it on SIGTERM.
        let lease = LeaseRecord(lease: try await SandboxKubernetesClient(store: server.store).get(.lease, namespace: "default", name: "iter8"))
        #expect(lease.holder.isEmpty, "\(lease)")
        #expect(lease.transitions == 1)
        let secondLog = try String(contentsOf: second.logFile, encoding: .utf8)
        #expect(secondLog.contains("became leader") && secondLog.contains("released the leader Lease"))
        // Logs are JSON lines and never carry the token (it was given as the Git token and the webhook secret).
        for process in [first, second] {
            let log = try String(contentsOf: process.logFile, encoding: .utf8)
            #expect(!log.contains(token))
            let lines = log.split(separator: "\n")
            #expect(!lines.isEmpty)
            for line in lines {
                #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
            }
        }

        // iter8 history and iter8 status read the result from the remote and from a local path.
        let history = try await offPool {
            try ManagedProcess(binary, ["history", daemon.url, "--experiment", "reviews-canary"], logFile: workspace.file("history.log"))
        }
        try await Wait.until("iter8 history to finish", timeout: .seconds(60)) { !history.isRunning }
        let historyText = history.logTail(100_000)
        #expect(history.exitStatus == 0, "\(historyText)")
        #expect(historyText.contains("promotion  bookinfo/reviews-canary"))
        let statusRun = try await offPool {
            try ManagedProcess(binary, ["status", origin.bare.path, "--output", "json"], logFile: workspace.file("status.log"))
        }
        try await Wait.until("iter8 status to finish", timeout: .seconds(60)) { !statusRun.isRunning }
        let statusJSON = statusRun.logTail(100_000)
        #expect(statusRun.exitStatus == 0, "\(statusJSON)")
        #expect(statusJSON.contains("\"phase\" : \"Completed\"") || statusJSON.contains("\"phase\":\"Completed\""))
    }
}
