import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// A canary end to end: a real git server, the Sandbox over HTTPS, the simulated mesh's query API (rollbacks and the
/// rest of the reconciler's logic are covered on in-memory fakes in ReconcilerUnit*Tests).
@Suite(.serialized) struct ReconcilerCanaryTests {
    @Test func successfulCanaryIsPromotedInItsOwnCommit() async throws {
        let harness = try await ReconcilerHarness.start(files: [
            "experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary")
        ])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        #expect(summary.finish?.kind == .promotion)
        #expect(summary.finish?.version == "reviews-v2")
        let live = try await harness.liveWeights()
        #expect(live == ["v1": 0, "v2": 100])

        // The manifest changed in its weights only.
        let manifest = try await harness.show("istio/reviews.yaml")
        let expected = ReconcilerHarness.virtualService()
            .replacingOccurrences(of: "subset: v1\n      weight: 100", with: "subset: v1\n      weight: 0")
            .replacingOccurrences(of: "subset: v2\n      weight: 0", with: "subset: v2\n      weight: 100")
        #expect(manifest == expected)

        // Exactly one promotion commit, touching only the manifest, with its trailers.
        let log = try await harness.originLog()
        let promotions = log.filter { $0.message.contains("Iter8-Action: promotion") }
        #expect(promotions.count == 1)
        let promotion = try #require(promotions.first)
        #expect(promotion.message.hasPrefix("iter8: promote reviews-v2 in bookinfo/reviews-canary"))
        for trailer in ["Iter8-Experiment: bookinfo/reviews-canary", "Iter8-Phase: Completed", "Iter8-Winner: reviews-v2",
                        "Iter8-Spec-Commit: ", "Iter8-Iteration: "] {
            #expect(promotion.message.contains(trailer), "missing \(trailer) in \(promotion.message)")
        }
        let files = try await harness.git(["show", "--name-only", "--format=", promotion.id])
        #expect(files.trimmingCharacters(in: .whitespacesAndNewlines) == "istio/reviews.yaml")

        // The status file is the record: Completed, with the promotion commit and every iteration's evidence.
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("phase: Completed"))
        #expect(status.contains("finishCommit: \(promotion.id)"))
        #expect(status.contains("sum(increase(istio_requests_total{reporter='source',destination_workload='reviews-v2'"))
        let report = try await harness.show(StatusPaths.report("experiments/reviews-canary"))
        #expect(report.contains("reviews-canary"))
        let chart = try await harness.show(StatusPaths.chart("experiments/reviews-canary"))
        #expect(chart.contains("<svg"))
        // Unchanged files are not parsed again: once the pass after the promotion has read the new manifest,
        // a pass over the same head parses nothing.
        _ = try await harness.playground.step(simulatedSeconds: 10)
        let parsed = await harness.playground.reconciler.parsedFileCount
        _ = try await harness.playground.step(simulatedSeconds: 10)
        #expect(await harness.playground.reconciler.parsedFileCount == parsed)
        // A status commit per pass at most: no pass pushed two status commits.
        for pass in reports { #expect(pass.pushedCommits.filter { $0.kind == .status }.count <= 1) }
    }
}
