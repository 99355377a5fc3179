import Experiments
import Foundation
import Testing

@Suite("State machine scenarios")
struct StateMachineScenarioTests {
    let t0 = StateMachineFixtures.t0
    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test func startsWithTheCandidateAtItsIncrement() throws {
        var machine = try StateMachineFixtures.machine(in: .initializing)
        let actions = machine.handle(.versionsChecked(VersionsCheck(ready: true, message: "ready", currentWeights: ["reviews-v1": 100, "reviews-v2": 0])), at: t0)
        #expect(actions == [.setWeights(["reviews-v1": 90, "reviews-v2": 10]), .requeue(afterSeconds: 10)])
        #expect(machine.state.pendingWeights == ["reviews-v1": 90, "reviews-v2": 10])
        #expect(machine.state.startedAt == t0)
    }

    @Test func waitsForTheIntervalBeforeTheFirstIteration() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        #expect(machine.handle(.timePassed, at: at(4)) == [.requeue(afterSeconds: 6)])
        #expect(machine.handle(.timePassed, at: at(10)) == [.runIteration(number: 1)])
    }

    @Test func canaryThatWinsIsPromotedAfterTheLastIteration() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        #expect(machine.handle(.iterationAssessed(StateMachineFixtures.result(weights: ["reviews-v1": 80, "reviews-v2": 20])), at: at(10))
            == [.setWeights(["reviews-v1": 80, "reviews-v2": 20]), .requeue(afterSeconds: 10)])
        _ = machine.handle(.weightsApplied(["reviews-v1": 80, "reviews-v2": 20]), at: at(10))
        #expect(machine.state.pendingWeights == nil)
        _ = machine.handle(.iterationAssessed(StateMachineFixtures.result(weights: ["reviews-v1": 70, "reviews-v2": 30])), at: at(20))
        let last = machine.handle(.iterationAssessed(StateMachineFixtures.result(winner: "reviews-v2")), at: at(30))
        let plan = FinishPlan(
            kind: .promotion, trigger: .completed, version: "reviews-v2", split: ["reviews-v1": 0, "reviews-v2": 100],
            reason: "reviews-v2 won after 3 iterations", verdict: .pass)
        #expect(last == [.promote(plan)])
        #expect(machine.state.phase == .finishing)
        #expect(machine.handle(.timePassed, at: at(35)) == [.promote(plan)])  // retried until committed
        #expect(machine.handle(.pushSucceeded(commit: "c0ffee"), at: at(36)) == [])
        #expect(machine.state.phase == .completed)
        #expect(machine.state.finishCommit == "c0ffee")
        #expect(machine.state.weights == ["reviews-v1": 0, "reviews-v2": 100])
        #expect(machine.state.condition(ConditionType.rolledBack)?.status == "False")
        #expect(machine.state.condition(ConditionType.completed)?.status == "True")
    }

    @Test func noWinnerEndsAtTheBaseline() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        for second in [10.0, 20, 30] { _ = machine.handle(.iterationAssessed(StateMachineFixtures.result()), at: at(second)) }
        #expect(machine.state.finish?.kind == .rollback)
        #expect(machine.state.finish?.split == ["reviews-v1": 100, "reviews-v2": 0])
        // An undecided end is a verdict of its own, never an unexplained rollback.
        #expect(machine.state.finish?.trigger == .inconclusive)
        #expect(machine.state.finish?.verdict == .inconclusive)
        #expect(machine.state.finish?.reason == "inconclusive after 3 iterations: test")
    }

    @Test func aFailedRollbackObjectiveRollsBackAtOnce() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        let actions = machine.handle(.iterationAssessed(StateMachineFixtures.result(rollback: "reviews-v2 error-rate above 0.01")), at: at(10))
        guard case .rollBack(let plan) = actions.first else {
            Issue.record("expected a rollback, got \(actions)")
            return
        }
        #expect(plan.trigger == .objectiveFailed)
        #expect(plan.reason == "reviews-v2 error-rate above 0.01")
        _ = machine.handle(.pushSucceeded(commit: "bad1"), at: at(11))
        #expect(machine.state.condition(ConditionType.rolledBack)?.status == "True")
    }

    @Test func noDataHoldsTrafficThenRollsBackAtTheDeadline() throws {
        var experiment = try StateMachineFixtures.canary()
        experiment.analysis.noDataDeadlineSeconds = 25
        var machine = try StateMachineFixtures.machine(in: .running, experiment: experiment)
        let held = machine.handle(.iterationAssessed(StateMachineFixtures.result(held: true)), at: at(10))
        #expect(held == [.requeue(afterSeconds: 10)])
        #expect(machine.state.completedIterations == 0)
        #expect(machine.state.noDataSince == at(10))
        #expect(machine.state.condition(ConditionType.metricsAvailable)?.status == "False")
        _ = machine.handle(.iterationFailed(ExternalFailure(system: .prometheus, transient: true, message: "prometheus unreachable")), at: at(20))
        #expect(machine.state.phase == .running)
        #expect(machine.handle(.timePassed, at: at(34)) == [.runIteration(number: 1)])
        let rolled = machine.handle(.timePassed, at: at(35))
        guard case .rollBack(let plan) = rolled.first else {
            Issue.record("expected a rollback at the deadline, got \(rolled)")
            return
        }
        #expect(plan.trigger == .noDataDeadline)
    }

    @Test func dataAfterAHoldResetsTheDeadline() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        _ = machine.handle(.iterationAssessed(StateMachineFixtures.result(held: true)), at: at(10))
        _ = machine.handle(.iterationAssessed(StateMachineFixtures.result()), at: at(20))
        #expect(machine.state.noDataSince == nil)
        #expect(machine.state.completedIterations == 1)
        #expect(machine.state.condition(ConditionType.metricsAvailable)?.status == "True")
    }

    @Test func manualTerminateWithASplitKeepsThatSplit() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        let actions = machine.handle(.manualOverride(ManualOverride(action: .terminate, trafficSplit: ["reviews-v2": 100])), at: at(5))
        guard case .promote(let plan) = actions.first else {
            Issue.record("expected a user split, got \(actions)")
            return
        }
        #expect(plan.kind == .userSplit)
        #expect(plan.split == ["reviews-v1": 0, "reviews-v2": 100])
    }

    @Test func deletingTheSpecWithKeepLastKeepsTheSplit() throws {
        var machine = try StateMachineFixtures.machine(in: .running, experiment: try StateMachineFixtures.canary(onTermination: .keepLast))
        _ = machine.handle(.weightsApplied(["reviews-v1": 70, "reviews-v2": 30]), at: at(3))
        let actions = machine.handle(.specDeleted, at: at(5))
        #expect(actions.first == .promote(FinishPlan(
            kind: .keepLast, trigger: .specDeleted, version: nil, split: ["reviews-v1": 70, "reviews-v2": 30],
            reason: "the spec was deleted; keep_last keeps the split", verdict: FinishPlan.Verdict.none)))
    }

    @Test func pauseAndResumeThroughSpecCommits() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        var paused = machine.experiment
        paused.manualOverride = ManualOverride(action: .pause)
        #expect(machine.handle(.specChanged(paused), at: at(5)) == [])
        #expect(machine.state.phase == .paused)
        #expect(machine.handle(.timePassed, at: at(500)) == [])
        var resumed = paused
        resumed.manualOverride = nil
        #expect(machine.handle(.specChanged(resumed), at: at(600)) == [.requeue(afterSeconds: 10)])
        #expect(machine.state.phase == .running)
        #expect(machine.handle(.timePassed, at: at(605)) == [.requeue(afterSeconds: 5)])
    }

    @Test func changingTheVersionsOfARunningExperimentEndsIt() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        var changed = machine.experiment
        changed.candidates[0].name = "reviews-v3"
        let actions = machine.handle(.specChanged(changed), at: at(5))
        guard case .rollBack(let plan) = actions.first else {
            Issue.record("expected a rollback, got \(actions)")
            return
        }
        #expect(plan.trigger == .specChanged)
        #expect(machine.experiment.candidates[0].name == "reviews-v2")
    }

    @Test func changingTheTargetOfARunningExperimentEndsItOnTheOldRoute() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        let old = machine.experiment
        var changed = machine.experiment
        changed.target = "bookinfo/ratings"
        let actions = machine.handle(.specChanged(changed), at: at(5))
        guard case .rollBack(let plan) = actions.first else {
            Issue.record("expected a rollback, got \(actions)")
            return
        }
        #expect(plan.trigger == .specChanged)
        #expect(plan.reason.contains("was \(old.target)"))
        #expect(machine.experiment == old)  // the rollback acts on the route that has the split

        var waiting = try StateMachineFixtures.machine(in: .waiting)
        #expect(waiting.handle(.specChanged(changed), at: at(5)) == [])  // not started: simply adopted
        #expect(waiting.experiment.target == "bookinfo/ratings")
    }

    @Test func queuedExperimentsWaitAndSayForWhom() throws {
        var machine = try StateMachineFixtures.machine(in: .waiting)
        #expect(machine.handle(.targetChecked(ownsTarget: false, queuedBehind: "reviews-ab"), at: t0) == [.requeue(afterSeconds: 10)])
        #expect(machine.state.condition(ConditionType.targetAcquired)?.message.contains("reviews-ab") == true)
    }

    @Test func conformanceMovesNoTrafficAndReportsTheVerdict() throws {
        var machine = try StateMachineFixtures.machine(in: .running, experiment: try StateMachineFixtures.conformance())
        #expect(machine.state.pendingWeights == nil)
        #expect(machine.handle(.iterationAssessed(StateMachineFixtures.result(weights: ["reviews-v1": 100], winner: "reviews-v1")), at: at(10))
            == [.requeue(afterSeconds: 10)])
        let last = machine.handle(.iterationAssessed(StateMachineFixtures.result(weights: ["reviews-v1": 100], winner: "reviews-v1")), at: at(20))
        #expect(last.first == .promote(FinishPlan(
            kind: .keepLast, trigger: .completed, version: "reviews-v1", split: [:], reason: "reviews-v1 meets every objective",
            verdict: .pass)))
    }

    @Test func conditionTimesMoveOnlyWhenTheStatusChanges() throws {
        var machine = try StateMachineFixtures.machine(in: .running)
        _ = machine.handle(.iterationAssessed(StateMachineFixtures.result()), at: at(10))
        _ = machine.handle(.iterationAssessed(StateMachineFixtures.result()), at: at(20))
        #expect(machine.state.condition(ConditionType.metricsAvailable)?.lastTransitionTime == at(10))
    }
}
