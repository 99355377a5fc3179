import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// A/B with a reward (a Metric file's query on the mesh) and A/B/n with traffic reaching three versions, end to end
/// (conformance and fixed split are covered on in-memory fakes in ReconcilerUnitCanaryTests).
@Suite(.serialized) struct ReconcilerPatternTests {
    static let rewardMetric = """
        apiVersion: iter8.tools/v2alpha2
        kind: Metric
        metadata:
          name: books-per-request
          namespace: bookinfo
        spec:
          type: Gauge
          description: Books purchased per request
          sampleSize: iter8-istio/request-count
          params:
          - name: query
            value: sum(increase(books_purchased_total{destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s])) / sum(increase(istio_requests_total{reporter='source',destination_workload='$name',destination_workload_namespace='$namespace'}[${elapsedTime}s]))
        """

    @Test func abTestWithARewardPromotesTheBetterVersion() async throws {
        let harness = try await ReconcilerHarness.start(files: [
            "metrics/books-per-request.yaml": Self.rewardMetric,
            "experiments/reviews-ab.yaml": ReconcilerHarness.experiment(
                name: "reviews-ab", pattern: "A/B", reward: "bookinfo/books-per-request"),
        ])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-ab", is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        #expect(summary.finish?.kind == .promotion, "\(summary.events)")
        #expect(summary.finish?.version == "reviews-v2")
        let status = try await harness.show(StatusPaths.status("experiments/reviews-ab"))
        #expect(status.contains("books_purchased_total{destination_workload='reviews-v2'"))
    }

    @Test func abnTestWithThreeVersionsExcludesTheFailingOne() async throws {
        let harness = try await ReconcilerHarness.start(files: [
            "metrics/books-per-request.yaml": Self.rewardMetric,
            "experiments/reviews-abn.yaml": ReconcilerHarness.experiment(
                name: "reviews-abn", pattern: "A/B/N", candidates: ["reviews-v2", "reviews-v3"], iterations: 8,
                reward: "bookinfo/books-per-request"),
        ], subsets: ["v1", "v2", "v3"])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-abn", is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        #expect(summary.weights.map(\.version) == ["reviews-v1", "reviews-v2", "reviews-v3"])
        #expect(summary.finish?.version == "reviews-v2", "\(summary.events)")
        let live = try await harness.liveWeights()
        #expect(live == ["v1": 0, "v2": 100, "v3": 0])
        // Traffic went to all three versions during the experiment.
        let requests = await harness.playground.mesh.metrics
        for workload in ["reviews-v1", "reviews-v2", "reviews-v3"] {
            #expect(requests.requests(workload: workload, namespace: "bookinfo") > 0, "\(workload) got no traffic")
        }
    }
}
