import Experiments
import Foundation
import Testing

/// Observations the machine decides on (readiness is in the transition table): a split committed for a GitOps tool
/// (`gitApplyObserved`), the live split in `cluster` mode (`liveSplitRead`), a completed step, and what `handle`
/// reports about the last event.
@Suite("State machine observations")
struct StateMachineObservationTests {
    typealias F = StateMachineFixtures
    static let pending = ["reviews-v1": 90, "reviews-v2": 10]

    static func at(_ seconds: Double) -> Date { F.t0.addingTimeInterval(seconds) }

    /// A running progressive canary whose first split (90/10) is pending.
    static func awaitingSplit() throws -> ExperimentStateMachine {
        let machine = try F.machine(in: .running)
        #expect(machine.state.pendingWeights == pending)
        return machine
    }

    @Test func aSplitTheClusterShowsIsAppliedAndTimeGoesOn() throws {
        var machine = try Self.awaitingSplit()
        let actions = machine.handle(.gitApplyObserved(live: Self.pending, timeoutSeconds: 60), at: Self.at(10))
        #expect(machine.state.pendingWeights == nil)
        #expect(machine.state.weights == Self.pending)
        #expect(machine.state.condition(ConditionType.weightsApplied)?.status == "True")
        #expect(actions == [.runIteration(number: 1)])
    }

    @Test func aSplitNotShownYetIsAwaitedWithoutIterations() throws {
        var machine = try Self.awaitingSplit()
        let before = machine.state
        for second in [10.0, 30, 60] {
            let actions = machine.handle(.gitApplyObserved(live: ["reviews-v1": 100, "reviews-v2": 0], timeoutSeconds: 60), at: Self.at(second))
            #expect(actions == [.requeue(afterSeconds: 10)], "at \(second) s")
            #expect(machine.handle(.gitApplyObserved(live: nil, timeoutSeconds: 60), at: Self.at(second)) == [.requeue(afterSeconds: 10)])
        }
        #expect(machine.state == before)
        #expect(machine.lastHold == nil && machine.lastTransition == nil)
    }

    @Test func aSplitNotShownWithinTheTimeoutIsAFailedWeightChangeThatHolds() throws {
        var machine = try Self.awaitingSplit()
        let actions = machine.handle(.gitApplyObserved(live: nil, timeoutSeconds: 60), at: Self.at(61))
        let condition = try #require(machine.state.condition(ConditionType.weightsApplied))
        #expect(condition.status == "False")
        #expect(condition.message == "the cluster did not show the committed split reviews-v1=90 reviews-v2=10 within 60 s; "
            + "is the GitOps tool (Argo CD, Flux) syncing this repository?")
        #expect(machine.state.noDataSince == Self.at(61))
        #expect(machine.lastHold?.hasPrefix("WeightsNotApplied: the cluster did not show") == true)
        #expect(actions == [.requeue(afterSeconds: 10), .runIteration(number: 1)])  // held, and time goes on
    }

    @Test func theRecordedSplitIsRestoredWhenTheLiveOneDiffers() throws {
        var machine = try Self.awaitingSplit()
        _ = machine.handle(.weightsApplied(Self.pending), at: Self.at(1))
        #expect(machine.handle(.liveSplitRead(["reviews-v1": 100, "reviews-v2": 0]), at: Self.at(2)) == [.restoreWeights(Self.pending)])
        #expect(machine.handle(.liveSplitRead(Self.pending), at: Self.at(2)).isEmpty)
        _ = machine.handle(.manualOverride(ManualOverride(action: .pause)), at: Self.at(3))
        #expect(machine.handle(.liveSplitRead([:]), at: Self.at(4)) == [.restoreWeights(Self.pending)], "paused: still the recorded split")
        _ = machine.handle(.manualOverride(ManualOverride(action: .terminate)), at: Self.at(5))
        #expect(machine.state.phase == .finishing)
        #expect(machine.handle(.liveSplitRead([:]), at: Self.at(6)).isEmpty, "finishing: the final split is on its way")
    }

    @Test func nothingIsRestoredWhileASplitIsPending() throws {
        var machine = try Self.awaitingSplit()
        #expect(machine.handle(.liveSplitRead(["reviews-v1": 50, "reviews-v2": 50]), at: Self.at(2)).isEmpty)
    }

    @Test func holdingIsReportedWhenItBegins() throws {
        var machine = try Self.awaitingSplit()
        let failure = ExternalFailure(system: .prometheus, transient: true, message: "prometheus unreachable")
        _ = machine.handle(.iterationFailed(failure), at: Self.at(10))
        #expect(machine.lastHold == "MetricsUnavailable: prometheus unreachable")
        _ = machine.handle(.iterationFailed(failure), at: Self.at(20))
        #expect(machine.lastHold == nil, "held already")
        _ = machine.handle(.timePassed, at: Self.at(21))
        #expect(machine.lastHold == nil)
    }

    @Test func aCompletedStepClearsAnAbandonedOnesCondition() throws {
        let running = try F.machine(in: .running)
        var state = running.state
        state.setCondition(ConditionType.reconciled, false, reason: "StepDeadlineExceeded", message: "abandoned", at: F.t0)
        var machine = ExperimentStateMachine(experiment: running.experiment, state: state)
        #expect(machine.handle(.stepCompleted, at: Self.at(5)).isEmpty)
        let condition = try #require(machine.state.condition(ConditionType.reconciled))
        #expect(condition.status == "True" && condition.reason == "StepCompleted" && condition.lastTransitionTime == Self.at(5))
        var untouched = running
        _ = untouched.handle(.stepCompleted, at: Self.at(5))
        #expect(untouched.state == running.state)
    }
}
