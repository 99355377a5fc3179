import Experiments
import Foundation
import Git
import GitOps
import Logging
import Playground
import Routing
import TestSupport

/// A reconciler wired to in-memory fakes for fast tests: an ``InMemoryOrigin`` and its clone, a router holding a
/// split per routed object, scripted metrics and readiness, a manual clock. No server, no process, no disk: a pass
/// takes milliseconds. Tests drive it through the public API only — ``Reconciler/pass()``, the files it pushes and
/// the ``PassReport`` — so changes inside the reconciler do not break them.
///
/// The repository holds the reviews VirtualService at `istio/reviews.yaml` (``ReconcilerHarness/virtualService(_:)``),
/// so promotions and `git` apply mode edit a real manifest through the standard routing plug-ins' editors.
final class ReconcilerUnitHarness: Sendable {
    let origin: InMemoryOrigin
    let repository: any GitRepository
    let router: InMemoryTrafficRouter
    let metrics: ScriptedMetricsSource
    let readiness: ScriptedReadiness
    let clock: ManualClock
    let reconciler: Reconciler
    /// The notifier, when the harness was given channels.
    let notifier: Notifier?

    /// The reviews route the spec files of ``ReconcilerHarness/experiment(name:pattern:candidates:iterations:objectives:reward:extra:mode:)`` use.
    static let reviews = RoutedObject(kind: .virtualService, namespace: "bookinfo", name: "reviews")
    static let key = "bookinfo/reviews-canary"
    static let path = "experiments/reviews-canary.yaml"
    static let statusPath = StatusPaths.status("experiments/reviews-canary")

    /// The configuration of the end-to-end harness, without push backoff.
    static var configuration: ReconcilerConfiguration {
        ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10, pushBackoffSeconds: 0)
    }

    /// Starts with `files` (path → text) plus the reviews VirtualService with destinations for `subsets`.
    ///
    /// - Parameters:
    ///   - routing: the router the reconciler sees, given the in-memory one (default: that one, for every kind).
    ///   - wrap: wraps the reconciler's clone (e.g. in an ``TestSupport/InterferingRepository``).
    ///   - channels: notification channels (none and no `specTasks`: no notifier), with `policy`.
    ///   - specTasks: how specs' notification tasks run (nil: not at all).
    init(
        files: [String: String], configuration: ReconcilerConfiguration = ReconcilerUnitHarness.configuration,
        subsets: [String] = ["v1", "v2"], behaviours: [String: ScriptedMetricsSource.Behaviour] = [:],
        routing: ((InMemoryTrafficRouter) -> any TrafficRouter)? = nil,
        wrap: ((InMemoryOrigin, InMemoryGitRepository) -> any GitRepository)? = nil,
        channels: [any NotificationChannel] = [], policy: NotificationPolicy = NotificationPolicy(),
        specTasks: SpecTaskSettings? = nil
    ) {
        var all = files
        all["istio/reviews.yaml"] = all["istio/reviews.yaml"] ?? ReconcilerHarness.virtualService(subsets)
        origin = InMemoryOrigin(files: all)
        let clone = InMemoryGitRepository(origin: origin)
        repository = wrap?(origin, clone) ?? clone
        router = InMemoryTrafficRouter()
        metrics = ScriptedMetricsSource(behaviours: behaviours)
        readiness = ScriptedReadiness()
        clock = ManualClock()
        let environment = ClusterEnvironment(
            router: routing?(router) ?? router, metrics: metrics, readiness: readiness,
            manifests: StandardRouting.plugins.map(\.manifests))
        var logger = Logger(label: "iter8.reconciler-unit")
        logger.logLevel = .critical
        let notifier = channels.isEmpty && specTasks == nil ? nil : Notifier(
            channels: channels, policy: policy, clock: clock, logger: logger, reportBaseURL: "https://git.example.com/blob/main",
            specTasks: specTasks)
        self.notifier = notifier
        reconciler = Reconciler(
            repository: repository, environment: environment, configuration: configuration, clock: clock, logger: logger,
            reports: ReportRenderer(), jitter: { 1 }, notifier: notifier)
    }

    /// Advances the clock by `seconds` and runs one pass.
    @discardableResult
    func step(_ seconds: Double = 10) async -> PassReport {
        clock.advance(seconds: seconds)
        return await reconciler.pass()
    }

    /// Steps until `key` reaches `phase` (or fails after `maxSteps`), returning every pass's report.
    @discardableResult
    func run(until key: String = ReconcilerUnitHarness.key, is phase: ExperimentPhase, seconds: Double = 10, maxSteps: Int = 40)
        async throws -> [PassReport]
    {
        var reports: [PassReport] = []
        for _ in 0..<maxSteps {
            let report = await step(seconds)
            reports.append(report)
            if let failure = report.failure, failure.stage != .publish { throw TestSupportError("pass failed: \(failure)") }
            if report.experiments.first(where: { $0.key == key })?.phase == phase { return reports }
        }
        let last = reports.last?.experiments.first { $0.key == key }
        throw TestSupportError(
            "\(key) did not reach \(phase.rawValue) in \(maxSteps) steps; it is \(last?.phase.rawValue ?? "unknown"): "
                + "\(last?.events.joined(separator: "; ") ?? "") \(last?.specErrors ?? [])")
    }

    /// The summary of `key` in `report`.
    static func summary(_ report: PassReport?, _ key: String = ReconcilerUnitHarness.key) -> ExperimentSummary? {
        report?.experiments.first { $0.key == key }
    }

    /// The kinds of the commits `report` pushed (`status`, `weights`, `promotion`…), oldest first.
    static func kinds(_ report: PassReport?) -> [String] {
        report?.pushedCommits.map { "\($0.kind)" } ?? []
    }

    /// The failed calls to `system` (`kubernetes`, `prometheus`) in `report`.
    static func failures(_ report: PassReport?, _ system: String) -> Int {
        report?.apiFailures.first { "\($0.key)" == system }?.value ?? 0
    }

    /// A file at the head of the origin's branch.
    func file(_ path: String) -> String? { origin.file(path) }

    /// The status file of `path`'s experiment at the head, decoded.
    func status(_ path: String = ReconcilerUnitHarness.statusPath) throws -> ExperimentStatus {
        guard let text = origin.file(path) else { throw TestSupportError("no \(path) at the head") }
        return try StatusFile.read(Data(text.utf8), file: path)
    }

    /// The branch's commits, newest first.
    func log() -> [GitCommit] { origin.log() }

    /// The commits whose message has `Iter8-Action: <action>`.
    func commits(_ action: String) -> [GitCommit] {
        origin.log().filter { $0.message.contains("Iter8-Action: \(action)\n") || $0.message.hasSuffix("Iter8-Action: \(action)") }
    }

    /// The live split of the reviews route (the baseline at 100 until something applies one).
    func liveSplit() -> [String: Int] {
        router.split(of: Self.reviews) ?? ["reviews-v1": 100, "reviews-v2": 0]
    }

    /// Commits `changes` (path → text, nil deletes) as a human.
    @discardableResult
    func humanCommit(_ changes: [String: String?], message: String = "A human's change") throws -> GitOID {
        try origin.commit(changes, message: message + "\n")
    }

    /// The reviews-canary spec of the end-to-end suites, with a manual override when given.
    static func spec(
        _ override: String? = nil, iterations: Int = 6, mode: DurationMode? = nil, candidates: [String] = ["reviews-v2"],
        extra: String = ""
    ) -> String {
        ReconcilerHarness.experiment(
            name: "reviews-canary", candidates: candidates, iterations: iterations,
            extra: extra + (override.map { "  manualOverride:\n\($0)" } ?? ""), mode: mode)
    }
}
