import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// A/B with a reward, A/B/n with three versions, and conformance of one version, end to end.
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
        let status = try await harness.show("experiments/reviews-ab.status.yaml")
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

    @Test func conformanceOfOneVersionRecordsAVerdictAndMovesNoTraffic() async throws {
        let conformance = """
            apiVersion: iter8.tools/v2alpha2
            kind: Experiment
            metadata:
              name: reviews-conformance
              namespace: bookinfo
            spec:
              target: bookinfo/reviews-conformance
              strategy:
                testingPattern: Conformance
              criteria:
                requestCount: iter8-istio/request-count
                objectives:
                - metric: iter8-istio/mean-latency
                  upperLimit: 150
                - metric: iter8-istio/error-rate
                  upperLimit: "0.02"
              duration:
                intervalSeconds: 10
                iterationsPerLoop: 4
              versionInfo:
                baseline:
                  name: reviews-v1
                  variables:
                  - name: namespace
                    value: bookinfo
            """
        let harness = try await ReconcilerHarness.start(files: ["experiments/conformance.yaml": conformance])
        defer { Task { await harness.stop() } }
        let before = try await harness.liveWeights()
        let reports = try await harness.run(until: "bookinfo/reviews-conformance", is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        #expect(summary.finish?.version == "reviews-v1", "\(summary.events)")
        #expect(summary.completedIterations == 3)  // adaptive: decided after minIterations (3) of the 4 planned
        let after = try await harness.liveWeights()
        #expect(after == before)
        let log = try await harness.originLog()
        #expect(!log.contains { $0.message.contains("Iter8-Action: promotion") || $0.message.contains("Iter8-Action: rollback") })
        let status = try await harness.show("experiments/conformance.status.yaml")
        #expect(status.contains("phase: Completed"))
    }

    @Test func fixedSplitKeepsTheWeightsAndEndsWithAVerdict() async throws {
        let spec = ReconcilerHarness.experiment(name: "reviews-fixed", iterations: 4)
            .replacingOccurrences(of: "deploymentPattern: Progressive", with: "deploymentPattern: FixedSplit")
        let split = ReconcilerHarness.virtualService()
            .replacingOccurrences(of: "subset: v1\n      weight: 100", with: "subset: v1\n      weight: 80")
            .replacingOccurrences(of: "subset: v2\n      weight: 0", with: "subset: v2\n      weight: 20")
        let harness = try await ReconcilerHarness.start(files: ["experiments/fixed.yaml": spec, "istio/reviews.yaml": split])
        defer { Task { await harness.stop() } }
        var during: [[String: Int]] = []
        for _ in 0..<3 {
            _ = try await harness.playground.step(simulatedSeconds: 10)
            during.append(try await harness.liveWeights())
        }
        #expect(during.allSatisfy { $0 == ["v1": 80, "v2": 20] })
        let reports = try await harness.run(until: "bookinfo/reviews-fixed", is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        #expect(summary.completedIterations == 3)  // adaptive: promoted after minIterations (3) of the 4 planned
        #expect(summary.finish?.kind == .promotion, "\(summary.events)")
        #expect(summary.finish?.version == "reviews-v2")
    }
}
