import Experiments
import Foundation
import Testing

/// `spec.duration.mode`: adaptive experiments end early on a decisive call and extend while undecided; fixed
/// ones run their planned iterations; an undecided end is the `inconclusive` verdict.
@Suite("State machine: experiment length")
struct StateMachineLengthTests {
    let t0 = StateMachineFixtures.t0
    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static let undecided = ExperimentDecision(
        outcome: .undecided, reason: "candidate reviews-v2: the objective on error-rate is inconclusive", requiredRequests: 12_400)
    static let winner = ExperimentDecision(outcome: .winner, reason: "candidate reviews-v2 meets every objective")
    static let failed = ExperimentDecision(outcome: .failed, reason: "candidate reviews-v2 fails the objective on error-rate")

    func result(_ decision: ExperimentDecision) -> AnalysisResult {
        let winner: String? = switch decision.outcome {
        case .winner: "reviews-v2"
        case .failed: "reviews-v1"
        case .undecided: nil
        }
        return StateMachineFixtures.result(winner: winner, decision: decision)
    }

    @Test func aFailedCallEndsAtTheFirstIteration() throws {
        var machine = try StateMachineFixtures.machine(in: .running, experiment: try StateMachineFixtures.adaptiveCanary())
        let actions = machine.handle(.iterationAssessed(result(Self.failed)), at: at(10))
        guard case .rollBack(let plan) = actions.first else {
            Issue.record("expected a rollback, got \(actions)")
            return
        }
        #expect(plan.trigger == .objectiveFailed)
        #expect(plan.verdict == .fail)
        #expect(plan.split == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(plan.reason == Self.failed.reason)
    }

    @Test func aWinnerWaitsForTheSoakThenEndsEarly() throws {
        var machine = try StateMachineFixtures.machine(in: .running, experiment: try StateMachineFixtures.adaptiveCanary(minIterations: 2))
        let first = machine.handle(.iterationAssessed(result(Self.winner)), at: at(10))
        #expect(!first.contains { if case .promote = $0 { true } else { false } })
        #expect(machine.state.phase == .running)
        let second = machine.handle(.iterationAssessed(result(Self.winner)), at: at(20))
        guard case .promote(let plan) = second.first else {
            Issue.record("expected a promotion after the soak, got \(second)")
            return
        }
        #expect(plan.kind == .promotion)
        #expect(plan.version == "reviews-v2")
        #expect(plan.verdict == .pass)
        #expect(plan.reason == "reviews-v2 won after 2 iterations: candidate reviews-v2 meets every objective (decided early: 3 planned, at most 5)")
    }

    @Test func anUndecidedExperimentExtendsThenEndsInconclusive() throws {
        var machine = try StateMachineFixtures.machine(in: .running, experiment: try StateMachineFixtures.adaptiveCanary(maxIterations: 5))
        for second in stride(from: 10.0, through: 40, by: 10) {
            let actions = machine.handle(.iterationAssessed(result(Self.undecided)), at: at(second))
            #expect(machine.state.phase == .running, "iteration \(Int(second / 10)) of 5 must not end it: \(actions)")
        }
        #expect(machine.state.completedIterations == 4)  // past the 3 planned: extended
        let last = machine.handle(.iterationAssessed(result(Self.undecided)), at: at(50))
        guard case .rollBack(let plan) = last.first else {
            Issue.record("expected the inconclusive end, got \(last)")
            return
        }
        #expect(plan.trigger == .inconclusive)
        #expect(plan.verdict == .inconclusive)
        #expect(plan.split == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(plan.reason.contains("inconclusive after 5 iterations"))
        #expect(plan.reason.contains("a decision needs about 12,400 requests per version"))
        _ = machine.handle(.pushSucceeded(commit: "c0ffee"), at: at(51))
        let concluded = try #require(machine.state.condition(ConditionType.concluded))
        #expect(concluded.status == "False")
        #expect(concluded.reason == "Inconclusive")
    }

    @Test func aFixedExperimentRunsItsPlannedIterations() throws {
        var machine = try StateMachineFixtures.machine(
            in: .running, experiment: try StateMachineFixtures.adaptiveCanary(mode: "fixed"))
        _ = machine.handle(.iterationAssessed(result(Self.winner)), at: at(10))
        _ = machine.handle(.iterationAssessed(result(Self.winner)), at: at(20))
        #expect(machine.state.phase == .running)  // a winner does not end a fixed experiment early
        let last = machine.handle(.iterationAssessed(result(Self.winner)), at: at(30))
        guard case .promote(let plan) = last.first else {
            Issue.record("expected the promotion after 3 iterations, got \(last)")
            return
        }
        #expect(plan.reason == "reviews-v2 won after 3 iterations")
        _ = machine.handle(.pushSucceeded(commit: "c0ffee"), at: at(31))
        #expect(machine.state.condition(ConditionType.concluded)?.reason == "Pass")
    }

    @Test func aFixedExperimentEndingUndecidedSaysInconclusive() throws {
        var machine = try StateMachineFixtures.machine(
            in: .running, experiment: try StateMachineFixtures.adaptiveCanary(mode: "fixed"))
        for second in [10.0, 20, 30] { _ = machine.handle(.iterationAssessed(result(Self.undecided)), at: at(second)) }
        #expect(machine.state.finish?.trigger == .inconclusive)
        #expect(machine.state.finish?.reason.contains("12,400") == true)
    }

    func served(_ decision: ExperimentDecision, baseline: Double, candidate: Double) -> AnalysisResult {
        var result = self.result(decision)
        result.versions = [("reviews-v1", baseline), ("reviews-v2", candidate)].map { name, requests in
            VersionAssessment(
                name: name, isBaseline: name == "reviews-v1", requestCount: requests, metrics: [], objectives: [],
                feasible: false, failed: false, winProbability: 0)
        }
        return result
    }

    /// An experiment whose traffic cannot reach the sample a decision needs by maxIterations stops at once, saying
    /// so, instead of running to the cap.
    @Test func anExperimentThatCannotDecideInTimeIsNotExtended() throws {
        var machine = try StateMachineFixtures.machine(
            in: .running, experiment: try StateMachineFixtures.adaptiveCanary(minIterations: 2, maxIterations: 5))
        _ = machine.handle(.iterationAssessed(served(Self.undecided, baseline: 40, candidate: 20)), at: at(10))
        #expect(machine.state.phase == .running)  // before minIterations, never
        // 60 requests per 10 s interval: even all of them for 3 more intervals is 200 requests, not 12,400.
        let actions = machine.handle(.iterationAssessed(served(Self.undecided, baseline: 80, candidate: 40)), at: at(20))
        guard case .rollBack(let plan) = actions.first else {
            Issue.record("expected the inconclusive end, got \(actions)")
            return
        }
        #expect(plan.trigger == .inconclusive)
        #expect(plan.reason.contains("a decision needs about 12,400 requests per version (40 so far)"))
        #expect(plan.reason.hasSuffix("so the experiment is not extended"))
    }

    @Test func anExperimentThatCanDecideInTimeRunsOn() throws {
        var machine = try StateMachineFixtures.machine(
            in: .running, experiment: try StateMachineFixtures.adaptiveCanary(minIterations: 2, maxIterations: 5))
        _ = machine.handle(.iterationAssessed(served(Self.undecided, baseline: 8_000, candidate: 2_000)), at: at(10))
        _ = machine.handle(.iterationAssessed(served(Self.undecided, baseline: 16_000, candidate: 4_000)), at: at(20))
        #expect(machine.state.phase == .running)
    }

    /// A fixed Conformance experiment whose baseline fails an objective has no winner, yet the evidence decided: its
    /// verdict is fail, not inconclusive.
    @Test func aFixedConformanceThatFailsSaysFail() throws {
        let experiment = try StateMachineFixtures.requireExperimentImpl(SpecFixtures.canary(
            strategy: #"{"testingPattern": "Conformance"}"#,
            specExtra: #""duration": {"intervalSeconds": 10, "iterationsPerLoop": 2, "mode": "fixed"}"#, candidates: "[]"))
        var machine = try StateMachineFixtures.machine(in: .running, experiment: experiment)
        let failed = ExperimentDecision(outcome: .failed, reason: "baseline reviews-v1 fails the objective on error-rate")
        for second in [10.0, 20] {
            _ = machine.handle(.iterationAssessed(StateMachineFixtures.result(weights: ["reviews-v1": 100], decision: failed)), at: at(second))
        }
        #expect(machine.state.finish?.trigger == .completed)
        #expect(machine.state.finish?.verdict == .fail)
    }
}
