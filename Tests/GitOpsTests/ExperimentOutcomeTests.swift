import Experiments
import Foundation
import Git
import GitOps
import Logging
import Playground
import Synchronization
import Testing
import TestSupport

/// The executor's typed outcomes (``ExperimentOutcome`` through ``OutcomeSink``): delivered after the push that
/// records them, in order, each with the commit that holds it; nothing for a pass whose commits were not pushed.
@Suite struct ExperimentOutcomeTests {
    /// A sink that keeps every delivery.
    final class Collector: OutcomeSink {
        let batches = Mutex<[[ExperimentOutcome]]>([])
        func deliver(_ outcomes: [ExperimentOutcome]) async { batches.withLock { $0.append(outcomes) } }
        var all: [ExperimentOutcome] { batches.withLock { $0.flatMap { $0 } } }
    }

    struct Rig {
        let origin: InMemoryOrigin
        let clock = ManualClock()
        let collector = Collector()
        let reconciler: Reconciler

        init(
            behaviours: [String: ScriptedMetricsSource.Behaviour] = [:],
            configuration: ReconcilerConfiguration = ReconcilerUnitHarness.configuration
        ) {
            origin = InMemoryOrigin(files: [
                ReconcilerUnitHarness.path: ReconcilerUnitHarness.spec(), "istio/reviews.yaml": ReconcilerHarness.virtualService(),
            ])
            let environment = ClusterEnvironment(
                router: InMemoryTrafficRouter(), metrics: ScriptedMetricsSource(behaviours: behaviours),
                readiness: ScriptedReadiness(), manifests: StandardRouting.plugins.map(\.manifests))
            var logger = Logger(label: "iter8.outcomes")
            logger.logLevel = .critical
            reconciler = Reconciler(
                repository: InMemoryGitRepository(origin: origin), environment: environment,
                configuration: configuration, clock: clock, logger: logger, jitter: { 1 },
                outcomes: collector)
        }

        /// Passes (10 s apart) until the experiment completes.
        func runToCompletion() async throws -> [PassReport] {
            var reports: [PassReport] = []
            for _ in 0..<40 {
                clock.advance(seconds: 10)
                let report = await reconciler.pass()
                reports.append(report)
                if report.experiments.first?.phase == .completed { return reports }
            }
            throw TestSupportError("the experiment did not complete in 40 passes")
        }

        /// The commit whose message has `Iter8-Action: <action>`.
        func commit(_ action: String) -> GitCommit? {
            origin.log().first { $0.message.contains("Iter8-Action: \(action)") }
        }
    }

    static func name(_ kind: ExperimentOutcome.Kind) -> String {
        switch kind {
        case .started: "started"
        case .weightsChanged: "weights"
        case .held: "held"
        case .promoted: "promoted"
        case .rolledBack: "rolledBack"
        case .inconclusive: "inconclusive"
        case .failed: "failed"
        case .ended: "ended"
        }
    }

    @Test func aCanaryIsStartedMovesTrafficAndIsPromotedOnce() async throws {
        let rig = Rig()
        let reports = try await rig.runToCompletion()
        let outcomes = rig.collector.all
        let names = outcomes.map { Self.name($0.kind) }
        #expect(names.first == "started", "\(names)")
        #expect(names.last == "promoted", "\(names)")
        #expect(names.filter { $0 == "promoted" }.count == 1)
        #expect(names.dropFirst().dropLast().allSatisfy { $0 == "weights" }, "\(names)")
        #expect(names.count >= 3)
        #expect(outcomes.allSatisfy { $0.experiment == ReconcilerUnitHarness.key })
        // In order: iterations never go back.
        #expect(zip(outcomes, outcomes.dropFirst()).allSatisfy { $0.iteration <= $1.iteration })
        // Each names a pushed commit; the promotion names the promotion commit, with the winner.
        let pushed = Set(reports.flatMap(\.pushedCommits).map(\.id))
        #expect(outcomes.allSatisfy { pushed.contains($0.commit) })
        let promotion = try #require(rig.commit("promotion"))
        #expect(outcomes.last?.commit == promotion.id)
        guard case .promoted(let plan)? = outcomes.last?.kind else { Issue.record("not a promotion"); return }
        #expect(plan.version == "reviews-v2")
        #expect(outcomes.last?.iteration == reports.last?.experiments.first?.completedIterations)
        // Weights changes name the status commit that recorded them, one per pass at most.
        for report in reports {
            let statusCommits = report.pushedCommits.filter { $0.kind == .status }.map(\.id)
            let changes = outcomes.filter { Self.name($0.kind) == "weights" && statusCommits.contains($0.commit) }
            #expect(changes.count <= 1)
        }
        // A completed experiment reports nothing more.
        let before = outcomes.count
        rig.clock.advance(seconds: 10)
        _ = await rig.reconciler.pass()
        #expect(rig.collector.all.count == before)
    }

    @Test func aFailingCandidateIsReportedAsFailedWithItsRollbackCommit() async throws {
        let rig = Rig(behaviours: ["reviews-v2": .failing])
        _ = try await rig.runToCompletion()
        let outcomes = rig.collector.all
        #expect(outcomes.first.map { Self.name($0.kind) } == "started")
        guard case .failed(let plan)? = outcomes.last?.kind else {
            Issue.record("last outcome: \(outcomes.last.map { Self.name($0.kind) } ?? "none")")
            return
        }
        #expect(plan.kind == .rollback)
        #expect(plan.verdict == .fail)
        #expect(plan.split == ["reviews-v1": 100, "reviews-v2": 0])
        let rollback = try #require(rig.commit("rollback"))
        #expect(outcomes.last?.commit == rollback.id)
        #expect(outcomes.filter { $0.kind.isEnd }.count == 1)
    }

    @Test func nothingIsReportedForAPassWhoseCommitsAreRefused() async throws {
        let rig = Rig()
        rig.origin.inject(.rejectPushes(count: 100))
        rig.clock.advance(seconds: 10)
        let refused = await rig.reconciler.pass()
        #expect(refused.failure?.stage == .publish)
        #expect(rig.collector.all.isEmpty)
        rig.origin.heal()
        rig.clock.advance(seconds: 10)
        let pushed = await rig.reconciler.pass()
        #expect(pushed.failure == nil)
        #expect(rig.collector.all.map { Self.name($0.kind) }.first == "started")
        #expect(rig.collector.all.allSatisfy { $0.commit == pushed.pushedCommits.last?.id })
    }
}
