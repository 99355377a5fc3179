import Foundation
import GitOps
import Testing

@Suite("Control server: metrics exposition")
struct ServerMetricsTests {
    static let families = [
        "iter8_experiments gauge", "iter8_iterations_total counter", "iter8_reconcile_pass_duration_seconds histogram",
        "iter8_git_errors_total counter", "iter8_api_errors_total counter",
        "iter8_last_successful_poll_timestamp_seconds gauge", "iter8_commits_total counter",
        "iter8_push_rejections_total counter", "iter8_webhook_requests_total counter", "iter8_leader gauge",
        "iter8_webhook_wakeups_coalesced_total counter", "iter8_control_connections gauge",
    ]

    @Test func theLeaderGaugeIsOneUntilTheReplicaStandsBy() {
        let metrics = ServiceMetrics()
        #expect(ServerHarness.sample("iter8_leader", in: metrics.exposition()) == 1)
        metrics.setLeader(false)
        #expect(ServerHarness.sample("iter8_leader", in: metrics.exposition()) == 0)
        metrics.setLeader(true)
        #expect(ServerHarness.sample("iter8_leader", in: metrics.exposition()) == 1)
    }

    @Test func everyFamilyIsThereBeforeAnythingHappens() {
        let text = ServiceMetrics().exposition()
        for family in Self.families { #expect(text.contains("# TYPE \(family)\n"), "\(family)") }
        #expect(ServerHarness.sample(#"iter8_experiments{phase="Running"}"#, in: text) == 0)
        #expect(ServerHarness.sample(#"iter8_webhook_requests_total{result="unauthorized"}"#, in: text) == 0)
        #expect(ServerHarness.sample("iter8_iterations_total", in: text) == 0)
    }

    @Test func recordedValuesAppear() {
        let metrics = ServiceMetrics()
        metrics.setExperiments(byPhase: [.running: 3, .completed: 2])
        metrics.recordIterations()
        metrics.recordIterations(4)
        metrics.recordPass(seconds: 0.3, outcome: .success)
        metrics.recordPass(duration: .milliseconds(1500), outcome: .failure)
        metrics.recordGitError(.push)
        metrics.recordAPIError(.prometheus)
        metrics.recordAPIError(.prometheus)
        metrics.recordSuccessfulPoll(at: Date(timeIntervalSince1970: 1_800_000_000))
        metrics.recordCommit(.promotion)
        metrics.recordPushRejection()
        metrics.recordWebhook(.accepted)
        let text = metrics.exposition()
        func value(_ series: String) -> Double? { ServerHarness.sample(series, in: text) }

        #expect(value(#"iter8_experiments{phase="Running"}"#) == 3)
        #expect(value(#"iter8_experiments{phase="Completed"}"#) == 2)
        #expect(value(#"iter8_experiments{phase="Waiting"}"#) == 0)
        #expect(value("iter8_iterations_total") == 5)
        #expect(value(#"iter8_reconcile_pass_duration_seconds_count{outcome="success"}"#) == 1)
        #expect(value(#"iter8_reconcile_pass_duration_seconds_sum{outcome="failure"}"#) == 1.5)
        #expect(value(#"iter8_reconcile_pass_duration_seconds_bucket{outcome="success",le="0.5"}"#) == 1)
        #expect(value(#"iter8_reconcile_pass_duration_seconds_bucket{outcome="success",le="0.25"}"#) == 0)
        #expect(value(#"iter8_git_errors_total{operation="push"}"#) == 1)
        #expect(value(#"iter8_git_errors_total{operation="fetch"}"#) == 0)
        #expect(value(#"iter8_api_errors_total{system="prometheus"}"#) == 2)
        #expect(value("iter8_last_successful_poll_timestamp_seconds") == 1_800_000_000)
        #expect(value(#"iter8_commits_total{kind="promotion"}"#) == 1)
        #expect(value("iter8_push_rejections_total") == 1)
        #expect(value(#"iter8_webhook_requests_total{result="accepted"}"#) == 1)
    }

    @Test func thePhaseGaugesAreReplacedAsAWhole() {
        let metrics = ServiceMetrics()
        metrics.setExperiments(byPhase: [.running: 3])
        metrics.setExperiments(byPhase: [.paused: 1])
        let text = metrics.exposition()
        #expect(ServerHarness.sample(#"iter8_experiments{phase="Running"}"#, in: text) == 0)
        #expect(ServerHarness.sample(#"iter8_experiments{phase="Paused"}"#, in: text) == 1)
    }

    @Test func theEndpointServesTheExposition() async throws {
        try await ServerHarness.with { (harness) async throws in
            harness.metrics.recordCommit(.rollback)
            let response = try await harness.get("/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            for family in Self.families { #expect(response.text.contains("# TYPE \(family)\n"), "\(family)") }
            #expect(ServerHarness.sample(#"iter8_commits_total{kind="rollback"}"#, in: response.text) == 1)
        }
    }
}
