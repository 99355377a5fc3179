import Experiments
import Foundation
import Prometheus
import Synchronization

/// The reconciler's own metrics, exposed at `/metrics` in Prometheus text format 0.0.4.
///
/// Every family is registered with all its label values at creation, so a scrape always shows every
/// series (at zero until something happens). Labels are closed enums, so cardinality is fixed:
/// no experiment, namespace or commit appears in a label. Per-experiment detail belongs in the status
/// files, not in the service's metrics.
///
/// | family | type | labels |
/// |---|---|---|
/// | `iter8_experiments` | gauge | `phase` (every ``ExperimentPhase``) |
/// | `iter8_iterations_total` | counter | none |
/// | `iter8_prometheus_queries_total` | counter | none (queries of the iterations assessed) |
/// | `iter8_reconcile_pass_duration_seconds` | histogram | `outcome` (``PassOutcome``) |
/// | `iter8_git_errors_total` | counter | `operation` (``GitOperation``) |
/// | `iter8_api_errors_total` | counter | `system` (``ExternalSystem``) |
/// | `iter8_last_successful_poll_timestamp_seconds` | gauge | none |
/// | `iter8_commits_total` | counter | `kind` (``CommitKind``) |
/// | `iter8_push_rejections_total` | counter | none |
/// | `iter8_webhook_requests_total` | counter | `result` (``WebhookResult``) |
/// | `iter8_webhook_wakeups_coalesced_total` | counter | none (webhook wake-ups merged into a later one by the rate limit) |
/// | `iter8_control_connections` | gauge | none (connections the control server holds open) |
/// | `iter8_leader` | gauge | none (1 while this replica leads or runs without leader election, 0 as a standby) |
/// | `iter8_shards_held` | gauge | none (with `--shards`: the shard Leases this replica holds and works on; 0 without) |
/// | `iter8_branch_rewritten` | gauge | none (1 while the watched branch's rewrite stops every action, see `BranchHistoryGuard`) |
/// | `iter8_unverified_commit` | gauge | none (1 while a commit that does not verify stops every action, see `BranchSignatureGate`) |
/// | `iter8_git_operations_abandoned_total` | counter | none (network operations given up at their deadline, thread still running) |
/// | `iter8_git_operations_stuck` | gauge | none (abandoned operations still blocked in libgit2) |
/// | `iter8_experiment_verdicts_total` | counter | `verdict` (every ``FinishPlan/Verdict``: one per end committed) |
/// | `iter8_notifications_total` | counter | `result` (``NotificationResult``: delivered, failed sends, dropped entries) |
public final class ServiceMetrics: Sendable {
    /// The `Content-Type` of ``exposition()``.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The upper bounds, in seconds, of the pass-duration histogram's buckets.
    public static let passDurationBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]

    /// How a reconcile pass ended (the `outcome` label of the pass-duration histogram).
    public enum PassOutcome: String, Sendable, CaseIterable {
        /// Every experiment was reconciled.
        case success
        /// The pass ran, but some experiments hit an error and will be retried.
        case partial
        /// The pass could not run (e.g. the fetch failed).
        case failure
    }

    /// Which Git operation failed (the `operation` label of `iter8_git_errors_total`).
    public enum GitOperation: String, Sendable, CaseIterable {
        /// Cloning or opening the working repository.
        case clone
        /// Fetching the watched branch.
        case fetch
        /// Reading specs or writing files in the checkout.
        case checkout
        /// Creating a commit.
        case commit
        /// Pushing (other than a rejection, which is counted in `iter8_push_rejections_total`).
        case push
    }

    /// Which external API failed (the `system` label of `iter8_api_errors_total`).
    public enum ExternalSystem: String, Sendable, CaseIterable {
        /// The Kubernetes API server.
        case kubernetes
        /// The Prometheus query API.
        case prometheus
    }

    /// Why a commit was made (the `kind` label of `iter8_commits_total`).
    public enum CommitKind: String, Sendable, CaseIterable {
        /// Status files only.
        case status
        /// A candidate was promoted.
        case promotion
        /// Traffic went back to the baseline.
        case rollback
        /// Traffic weights moved during an experiment.
        case weights
    }

    private let registry: PrometheusCollectorRegistry
    private let experiments: [ExperimentPhase: Gauge]
    private let iterations: Counter
    private let prometheusQueries: Counter
    private let passDurations: [PassOutcome: ValueHistogram]
    private let gitErrors: [GitOperation: Counter]
    private let apiErrors: [ExternalSystem: Counter]
    private let lastSuccessfulPoll: Gauge
    private let commits: [CommitKind: Counter]
    private let pushRejections: Counter
    private let webhookRequests: [WebhookResult: Counter]
    private let coalescedWakeUps: Counter
    private let controlConnections: Gauge
    private let leader: Gauge
    private let shardsHeld: Gauge
    private let branchRewritten: Gauge
    private let unverifiedCommit: Gauge
    private let gitAbandoned: Counter
    private let pushBreakerOpen: Gauge
    private let pushBreakerTrips: Counter
    private let pushBreakerTripsSeen = Mutex(0)
    private let stepFailures: Counter
    private let gitStuck: Gauge
    private let gitAbandonedSeen = Mutex(0)
    private let verdicts: [FinishPlan.Verdict: Counter]
    private let notifications: [NotificationResult: Counter]
    private let notificationsSeen = Mutex(NotificationCounts())

    /// What became of a notification send (the `result` label of `iter8_notifications_total`).
    public enum NotificationResult: String, Sendable, CaseIterable {
        /// A channel accepted it.
        case delivered
        /// A send failed (it is retried).
        case failed
        /// An entry was given up on (too many failures, too old, the outbox full).
        case dropped
    }

    /// Creates the metrics, every series at zero.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        func descriptor(_ name: String, unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "iter8", metricName: name, unitName: unit, helpText: help)
        }
        func counters<Label: RawRepresentable & CaseIterable & Hashable>(
            _ name: String, unit: String = "total", label: String, _ type: Label.Type, _ help: String
        ) -> [Label: Counter] where Label.RawValue == String {
            let family = descriptor(name, unit: unit, help)
            return Dictionary(uniqueKeysWithValues: Label.allCases.map {
                ($0, registry.makeCounter(descriptor: family, labels: [(label, $0.rawValue)]))
            })
        }

        let phases = descriptor("experiments", unit: "", "Experiments known to the reconciler, by phase.")
        experiments = Dictionary(uniqueKeysWithValues: ExperimentPhase.allCases.map {
            ($0, registry.makeGauge(descriptor: phases, labels: [("phase", $0.rawValue)]))
        })
        iterations = registry.makeCounter(
            descriptor: descriptor("iterations", unit: "total", "Experiment iterations performed (all experiments)."))
        prometheusQueries = registry.makeCounter(
            descriptor: descriptor("prometheus_queries", unit: "total", "Prometheus queries of the iterations assessed."))
        let durations = descriptor(
            "reconcile_pass_duration", unit: "seconds", "Duration of reconcile passes, by outcome.")
        passDurations = Dictionary(uniqueKeysWithValues: PassOutcome.allCases.map {
            ($0, registry.makeValueHistogram(
                descriptor: durations, labels: [("outcome", $0.rawValue)], buckets: Self.passDurationBuckets))
        })
        gitErrors = counters("git_errors", label: "operation", GitOperation.self, "Failed Git operations.")
        apiErrors = counters("api_errors", label: "system", ExternalSystem.self, "Failed calls to external APIs.")
        lastSuccessfulPoll = registry.makeGauge(
            descriptor: descriptor(
                "last_successful_poll_timestamp", unit: "seconds",
                "Unix time of the last poll that fetched the repository and completed a pass."))
        commits = counters("commits", label: "kind", CommitKind.self, "Commits pushed, by kind.")
        pushRejections = registry.makeCounter(
            descriptor: descriptor("push_rejections", unit: "total", "Pushes rejected by the remote (lost races)."))
        webhookRequests = counters(
            "webhook_requests", label: "result", WebhookResult.self, "Webhook requests received, by result.")
        coalescedWakeUps = registry.makeCounter(
            descriptor: descriptor(
                "webhook_wakeups_coalesced", unit: "total",
                "Webhook wake-ups merged into one at the end of the minimum interval between wake-ups."))
        controlConnections = registry.makeGauge(
            descriptor: descriptor("control_connections", unit: "", "Connections the control server holds open."))
        leader = registry.makeGauge(
            descriptor: descriptor(
                "leader", unit: "", "1 while this replica reconciles (it leads, or leader election is off), 0 as a standby."))
        leader.set(Double(1))
        shardsHeld = registry.makeGauge(
            descriptor: descriptor("shards_held", unit: "", "With sharding, the shard Leases this replica holds and works on."))
        branchRewritten = registry.makeGauge(
            descriptor: descriptor(
                "branch_rewritten", unit: "",
                "1 while the watched branch was rewritten (force-pushed) and no action is taken until an operator acknowledges it."))
        unverifiedCommit = registry.makeGauge(
            descriptor: descriptor(
                "unverified_commit", unit: "",
                "1 while a commit on the watched branch does not verify (unsigned, or not by a trusted key) and no action is taken."))
        gitAbandoned = registry.makeCounter(
            descriptor: descriptor(
                "git_operations_abandoned", unit: "total",
                "Git network operations given up at their deadline while libgit2 still ran them (at most one per remote at a time)."))
        gitStuck = registry.makeGauge(
            descriptor: descriptor("git_operations_stuck", unit: "", "Abandoned Git network operations still blocked in libgit2."))
        pushBreakerOpen = registry.makeGauge(
            descriptor: descriptor(
                "push_breaker_open", unit: "", "1 while the push circuit breaker is open (too many pushes in the last minute)."))
        pushBreakerTrips = registry.makeCounter(
            descriptor: descriptor("push_breaker_trips", unit: "total", "Times the push circuit breaker opened."))
        verdicts = counters(
            "experiment_verdicts", label: "verdict", FinishPlan.Verdict.self,
            "Experiments whose end was committed, by the evidence's verdict (pass, fail, inconclusive, none).")
        notifications = counters(
            "notifications", label: "result", NotificationResult.self,
            "Notification sends delivered or failed, and outbox entries dropped (docs/notifications.md).")
        stepFailures = registry.makeCounter(
            descriptor: descriptor(
                "experiment_step_failures", unit: "total",
                "Experiment steps abandoned at their deadline or not publishable; the other experiments carried on."))
    }

    /// Records the push circuit breaker: whether it is open, and how often it opened since the start.
    public func recordPushBreaker(open: Bool, tripsTotal: Int) {
        pushBreakerOpen.set(Double(open ? 1 : 0))
        Self.advance(pushBreakerTrips, seen: pushBreakerTripsSeen, toTotal: tripsTotal)
    }

    /// Moves `counter` up to a running `total` kept elsewhere (`seen` is the total it already counted).
    private static func advance(_ counter: Counter, seen: borrowing Mutex<Int>, toTotal total: Int) {
        let delta = seen.withLock { seen in
            defer { seen = max(seen, total) }
            return total - seen
        }
        if delta > 0 { counter.increment(by: Int64(delta)) }
    }

    /// Records the notifier's running counts.
    public func recordNotifications(_ counts: NotificationCounts) {
        let previous = notificationsSeen.withLock { seen in
            defer { seen = counts }
            return seen
        }
        for (result, now, before) in [
            (NotificationResult.delivered, counts.delivered, previous.delivered), (.failed, counts.failedSends, previous.failedSends),
            (.dropped, counts.dropped, previous.dropped),
        ] where now > before {
            notifications[result]?.increment(by: Int64(now - before))
        }
    }

    /// Records experiment steps that did not complete or could not be published.
    public func recordStepFailures(_ count: Int) {
        if count > 0 { stepFailures.increment(by: Int64(count)) }
    }

    /// Records whether a rewrite of the watched branch stops every action.
    public func setBranchRewritten(_ rewritten: Bool) { branchRewritten.set(Double(rewritten ? 1 : 0)) }

    /// Records whether a commit that does not verify stops every action.
    public func setUnverifiedCommit(_ unverified: Bool) { unverifiedCommit.set(Double(unverified ? 1 : 0)) }

    /// Records the process's abandoned Git network operations: the running total and those still blocked.
    public func recordGitOperations(abandonedTotal: Int, stuck: Int) {
        Self.advance(gitAbandoned, seen: gitAbandonedSeen, toTotal: abandonedTotal)
        gitStuck.set(Double(stuck))
    }

    /// Records whether this replica leads (reconciles) or stands by.
    public func setLeader(_ leading: Bool) {
        leader.set(Double(leading ? 1 : 0))
    }

    /// Records how many shard Leases this replica holds (with sharding).
    public func setShardsHeld(_ count: Int) {
        shardsHeld.set(Double(count))
    }

    /// Replaces the per-phase experiment counts; a phase missing from `byPhase` is set to zero.
    public func setExperiments(byPhase: [ExperimentPhase: Int]) {
        for (phase, gauge) in experiments { gauge.set(Double(byPhase[phase] ?? 0)) }
    }

    /// Counts `count` experiment iterations (deliberately without an experiment label).
    public func recordIterations(_ count: Int = 1) {
        guard count > 0 else { return }
        iterations.increment(by: Int64(count))
    }

    /// Counts `count` Prometheus queries.
    public func recordPrometheusQueries(_ count: Int) {
        guard count > 0 else { return }
        prometheusQueries.increment(by: Int64(count))
    }

    /// Records one reconcile pass's duration and outcome.
    public func recordPass(seconds: Double, outcome: PassOutcome) {
        passDurations[outcome]?.record(max(0, seconds))
    }

    /// Records one reconcile pass's duration, measured as a `Duration`, and outcome.
    public func recordPass(duration: Duration, outcome: PassOutcome) {
        let (seconds, attoseconds) = duration.components
        recordPass(seconds: Double(seconds) + Double(attoseconds) / 1e18, outcome: outcome)
    }

    /// Counts one failed Git operation.
    public func recordGitError(_ operation: GitOperation) { gitErrors[operation]?.increment() }

    /// Counts one failed call to an external API.
    public func recordAPIError(_ system: ExternalSystem) { apiErrors[system]?.increment() }

    /// Sets the time of the last successful poll.
    public func recordSuccessfulPoll(at date: Date) { lastSuccessfulPoll.set(date.timeIntervalSince1970) }

    /// Counts one experiment's end, committed, by its verdict.
    public func recordVerdict(_ verdict: FinishPlan.Verdict) { verdicts[verdict]?.increment() }

    /// Counts one pushed commit.
    public func recordCommit(_ kind: CommitKind) { commits[kind]?.increment() }

    /// Counts one push the remote rejected.
    public func recordPushRejection() { pushRejections.increment() }

    /// Counts one webhook request by its result.
    public func recordWebhook(_ result: WebhookResult) { webhookRequests[result]?.increment() }

    /// Counts one webhook wake-up merged into a later one by the wake-up rate limit.
    public func recordCoalescedWakeUp() { coalescedWakeUps.increment() }

    /// Sets the number of connections the control server holds open.
    public func setControlConnections(_ count: Int) { controlConnections.set(Double(count)) }

    /// Every family in Prometheus text exposition format 0.0.4.
    public func exposition() -> String { registry.emitToString() }
}
