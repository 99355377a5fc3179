import Experiments
import Foundation
import Testing

/// `supervisionChecked`: a running experiment that nothing supervised for longer than its deadline (Git or the
/// service unreachable) rolls back; everything else is left alone.
@Suite("State machine: supervision lapses")
struct StateMachineSupervisionTests {
    typealias F = StateMachineFixtures
    static let interval = 10.0
    static let deadline = 100.0  // the default: ten intervals

    /// Running at t0 with the initial split applied (nothing pending).
    static func running() throws -> ExperimentStateMachine {
        var machine = try F.machine(in: .running)
        #expect(machine.experiment.analysis.noDataDeadlineSeconds == Int(deadline))
        if let pending = machine.state.pendingWeights { _ = machine.handle(.weightsApplied(pending), at: F.t0) }
        return machine
    }

    static func rollback(_ actions: [ExperimentAction]) -> FinishPlan? {
        actions.lazy.compactMap { action -> FinishPlan? in if case .rollBack(let plan) = action { plan } else { nil } }.first
    }

    @Test("no iteration for the interval plus the deadline rolls back to the baseline; a second less does nothing")
    func lapse() throws {
        var machine = try Self.running()
        #expect(machine.handle(.supervisionChecked, at: F.t0.addingTimeInterval(Self.interval + Self.deadline - 1)).isEmpty)
        #expect(machine.state.phase == .running)
        let actions = machine.handle(.supervisionChecked, at: F.t0.addingTimeInterval(Self.interval + Self.deadline))
        let plan = try #require(Self.rollback(actions))
        #expect(actions.count == 1)
        #expect(plan.trigger == .noDataDeadline)
        #expect(plan.split == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(plan.reason.contains("no iteration recorded since"))
        #expect(plan.reason.contains("Git or the service was unreachable"))
        #expect(machine.state.phase == .finishing)
        #expect(machine.lastTransition?.to == .finishing)
    }

    @Test("the clock runs from the last recorded iteration, not from the start")
    func fromTheLastIteration() throws {
        var machine = try Self.running()
        let first = F.t0.addingTimeInterval(Self.interval)
        _ = machine.handle(.iterationAssessed(F.result(weights: ["reviews-v1": 70, "reviews-v2": 30])), at: first)
        if let pending = machine.state.pendingWeights { _ = machine.handle(.weightsApplied(pending), at: first) }
        #expect(machine.handle(.supervisionChecked, at: first.addingTimeInterval(Self.interval + Self.deadline - 1)).isEmpty)
        #expect(Self.rollback(machine.handle(.supervisionChecked, at: first.addingTimeInterval(Self.interval + Self.deadline))) != nil)
    }

    @Test("a hold past its deadline rolls back here too, with the hold's reason")
    func holdPastTheDeadline() throws {
        var machine = try Self.running()
        let heldAt = F.t0.addingTimeInterval(Self.interval)
        _ = machine.handle(.iterationFailed(ExternalFailure(system: .prometheus, transient: true, message: "prometheus unreachable")), at: heldAt)
        #expect(machine.handle(.supervisionChecked, at: heldAt.addingTimeInterval(Self.deadline - 1)).isEmpty)
        let plan = try #require(Self.rollback(machine.handle(.supervisionChecked, at: heldAt.addingTimeInterval(Self.deadline))))
        #expect(plan.reason.contains("holding since"))
    }

    @Test("paused, waiting for a GitOps tool to apply a split, or not running: never")
    func leftAlone() throws {
        let late = F.t0.addingTimeInterval(10 * (Self.interval + Self.deadline))
        var paused = try F.machine(in: .paused)
        #expect(paused.handle(.supervisionChecked, at: late).isEmpty)
        var pending = try F.machine(in: .running)
        #expect(pending.state.pendingWeights != nil)  // the initial split, not yet shown by the cluster
        #expect(pending.handle(.supervisionChecked, at: late).isEmpty)
        for phase in [ExperimentPhase.waiting, .initializing, .finishing, .completed] {
            var machine = try F.machine(in: phase)
            #expect(machine.handle(.supervisionChecked, at: late).isEmpty, "\(phase)")
            #expect(machine.state.phase == phase)
        }
    }

    @Test("a resume after a long pause starts the clock again")
    func resumeAfterALongPause() throws {
        var machine = try Self.running()
        _ = machine.handle(.manualOverride(ManualOverride(action: .pause)), at: F.t0)
        let resumed = F.t0.addingTimeInterval(3600)
        _ = machine.handle(.manualOverride(ManualOverride(action: .resume)), at: resumed)
        #expect(machine.handle(.supervisionChecked, at: resumed.addingTimeInterval(Self.interval)).isEmpty)
        #expect(machine.state.phase == .running)
    }
}
