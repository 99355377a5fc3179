import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// The service's own status files, end to end: a real git server, the Sandbox over HTTPS, the simulated mesh.
@Suite(.serialized) struct ReplayReconcilerTests {
    /// More iterations than the status file keeps in full: the committed file holds the last 10 in full and the
    /// rest as compact records, every pass's file is readable, and replay proves all of it.
    @Test func aLongExperimentsCommittedStatusIsCompactedAndReplays() async throws {
        let harness = try await ReconcilerHarness.start(files: [
            "experiments/reviews-canary.yaml": ReconcilerHarness.experiment(
                name: "reviews-canary", iterations: 14,
                objectives: "- metric: iter8-istio/mean-latency\n  upperLimit: 100000", mode: .fixed),  // all 14, not an early end
        ])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed, maxSteps: 80)
        let text = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        let status = try StatusFile.read(Data(text.utf8), file: "reviews-canary.status.yaml", unknownFields: .error)
        let recorded = reports.reduce(0) { $0 + $1.iterations }
        #expect(recorded > StatusCompaction.standard.fullIterations)
        #expect(status.recordedIterationCount == recorded)
        #expect(status.iterations.count == StatusCompaction.standard.fullIterations)
        #expect(status.compactedIterations?.count == recorded - StatusCompaction.standard.fullIterations)
        #expect(try StatusFile.write(status).text == text)  // the committed bytes are the writer's, and stable
        let verdicts = Replay.verify(status, engines: AnalysisEngines.byName)
        #expect(verdicts.count == recorded)
        #expect(verdicts.allSatisfy { $0.identical }, "\(verdicts.filter { !$0.identical })")
        let report = try await harness.show(StatusPaths.report("experiments/reviews-canary"))
        #expect(report.contains("shown are compact records"))
    }
}
