import Experiments
import Foundation
import GitOps
import HTTPTransport
import Sandbox
import Testing
import TestSupport

/// `iter8 run` as a process with a CloudEvents webhook and a Slack webhook on loopback, killed with SIGKILL while
/// notifications are pending and started again: the receivers get every notification — repeats recognisable by id —
/// and the outbox in the status file empties.
@Suite(.serialized) struct NotificationCrashTests {
    @Test func everyNotificationArrivesAcrossASIGKILL() async throws {
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
        let workspace = try TemporaryDirectory(prefix: "iter8-notify-crash")
        let live = workspace.file("virtualservice.yaml")
        try ReconcilerHarness.virtualService().write(to: live, atomically: true, encoding: .utf8)
        _ = try await SandboxManifests.apply(
            paths: [ReconcilerHarness.fixtures.appendingPathComponent("cluster").path, live.path], to: server.store)
        let kubeconfig = workspace.file("kubeconfig")
        try server.writeKubeconfig(to: kubeconfig)
        let secret = "hmac-\(UUID().uuidString)"
        let secretFile = workspace.file("secret")
        try (secret + "\n").write(to: secretFile, atomically: true, encoding: .utf8)
        let receiver = try await NotificationReceiver.start(secret: secret)
        let slackFile = workspace.file("slack-url")
        try (receiver.baseURL.absoluteString + "/slack\n").write(to: slackFile, atomically: true, encoding: .utf8)
        let binary = try BuiltExecutable.path("iter8")
        let statusPath = StatusPaths.status("experiments/reviews-canary")
        func start(_ name: String) async throws -> ManagedProcess {
            let arguments = [
                "run", "--repository", daemon.url, "--kubeconfig", kubeconfig.path,
                "--prometheus-url", metrics.prometheusURL.absoluteString, "--poll-interval", "1",
                "--workdir", workspace.file("work").path, "--listen", "127.0.0.1:\(try FreePort.next())",
                "--notify-webhook-url", receiver.baseURL.absoluteString + "/webhook",
                "--notify-webhook-secret-file", secretFile.path, "--notify-slack-url-file", slackFile.path,
                "--repository-web-url", "https://git.example.com/acme/rollouts/blob/main",
            ]
            return try await offPool { try ManagedProcess(binary, arguments, logFile: workspace.file("\(name).log")) }
        }
        func show(_ path: String) async -> String? { try? await offPool { try origin.show(path) } }
        func completedIterations() async -> Int {
            guard let text = await show(statusPath),
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("  completedIterations: ") })
            else { return 0 }
            return Int(line.split(separator: " ").last ?? "") ?? 0
        }

        // The receivers answer at first, then go down: what happens meanwhile waits in the status file's outbox.
        let first = try await start("first")
        try await Wait.until("a notification delivered (log: \(first.logTail()))", timeout: .seconds(60)) {
            try receiver.received().count >= 2
        }
        try receiver.refuse(true)
        try await Wait.until("an iteration with the receivers down (log: \(first.logTail()))", timeout: .seconds(60)) {
            let text = await show(statusPath) ?? ""
            return await completedIterations() >= 2 && text.contains("outbox:")
        }
        first.signal(SIGKILL)
        try await Wait.until("the first service to die", timeout: .seconds(60)) { !first.isRunning }
        let pendingAtKill = try #require(await show(statusPath)).components(separatedBy: "- id: ").count - 1
        #expect(pendingAtKill > 0)

        try receiver.refuse(false)
        let second = try await start("second")
        defer { second.stop() }
        try await Wait.until("the experiment to complete (log: \(second.logTail()))", timeout: .seconds(90)) {
            await show(statusPath)?.contains("phase: Completed") == true
        }
        try await Wait.until("the outbox to empty (log: \(second.logTail()))", timeout: .seconds(60)) {
            await show(statusPath)?.contains("outbox:") == false
        }

        let received = try receiver.received()
        let events = try received.filter { $0.path == "/webhook" }.map { record in
            try #require(try JSONSerialization.jsonObject(with: Data(record.body.utf8)) as? [String: Any])
        }
        let slack = received.filter { $0.path == "/slack" }
        let unsigned = received.filter { $0.path == "/webhook" && !$0.signatureValid }
        #expect(unsigned.isEmpty, "every event signed with the secret")
        // Repeats are recognisable: one id always names the same event.
        var typeByID: [String: String] = [:]
        for event in events {
            let id = try #require(event["id"] as? String)
            let type = try #require(event["type"] as? String)
            #expect(typeByID[id, default: type] == type)
            typeByID[id] = type
            #expect(event["specversion"] as? String == "1.0")
            #expect(event["subject"] as? String == "bookinfo/reviews-canary")
        }
        let types = Set(typeByID.values)
        for expected in ["started", "weights_changed", "promoted"] {
            #expect(types.contains("tools.iter8.experiment." + expected), "\(types)")
        }
        // Slack got the same notifications (by id), with the report link.
        let slackIDs = Set(slack.compactMap { record in
            record.body.range(of: #"id `[0-9a-f]{32}`"#, options: .regularExpression).map { String(record.body[$0].dropFirst(4).dropLast()) }
        })
        #expect(slackIDs == Set(typeByID.keys), "slack \(slackIDs.count) ids, webhook \(typeByID.count)")
        #expect(slack.contains { $0.body.contains("<https://git.example.com/acme/rollouts/blob/main/\(StatusPaths.report("experiments/reviews-canary"))|report>") })
        #expect(slack.contains { $0.body.contains("*Promoted*") })
        let secondLog = try String(contentsOf: second.logFile, encoding: .utf8)
        #expect(!secondLog.contains(secret))
    }
}
