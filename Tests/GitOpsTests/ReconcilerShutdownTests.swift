import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// A graceful shutdown during a pass: the pass stops starting experiments, abandons a step stuck in I/O after the
/// grace, publishes nothing of it, and returns within seconds — instead of waiting for the step (here a Prometheus
/// that never answers, 30 s until the transport gives up).
@Suite(.serialized) struct ReconcilerShutdownTests {
    @Test func aStopEndsAPassStuckOnPrometheusWithinTheGrace() async throws {
        let silent = try SilentListener()
        var configuration = ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10)
        configuration.shutdownGraceSeconds = 1
        let harness = try await ReconcilerHarness.start(
            files: ["experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary", iterations: 5)],
            configuration: configuration, prometheusURL: URL(string: "http://127.0.0.1:\(silent.port)/")!)
        defer { Task { await harness.stop() } }
        // Started, traffic split, no iteration due yet: no query so far.
        try await harness.run(until: "bookinfo/reviews-canary", is: .running, seconds: 1)
        let before = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        // The first iteration is due: its queries go to the silent Prometheus and the step hangs.
        try await harness.playground.mesh.advance(simulatedSeconds: 15)
        let reconciler = harness.playground.reconciler
        let pass = Task { await reconciler.pass() }
        try await Wait.until("a query waiting on the silent Prometheus", timeout: .seconds(20)) {
            Self.establishedConnections(toPort: silent.port) > 0
        }
        let asked = ContinuousClock.now
        reconciler.requestStop()
        let report = await pass.value
        let took = ContinuousClock.now - asked
        #expect(took < .seconds(8), "the pass returned \(took) after the stop, with a 1 s grace")
        #expect(report.iterations == 0)
        // Nothing of the abandoned step was published: the status file is as it was.
        #expect(try await harness.show(StatusPaths.status("experiments/reviews-canary")) == before)
        // A stopped reconciler starts nothing more.
        let next = await reconciler.pass()
        #expect(next.iterations == 0)
        #expect(next.pushedCommits.isEmpty)
    }

    /// Connections to `127.0.0.1:port` the kernel has established (`/proc/net/tcp`, state 01), accepted or not.
    static func establishedConnections(toPort port: Int) -> Int {
        // Read to the end: /proc files have no size.
        guard let data = FileHandle(forReadingAtPath: "/proc/net/tcp")?.readDataToEndOfFile() else { return 0 }
        let table = String(decoding: data, as: UTF8.self)
        let local = String(format: ":%04X", port)
        return table.split(separator: "\n").dropFirst().filter { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[1].hasSuffix(local) && fields[3] == "01"
        }.count
    }
}
