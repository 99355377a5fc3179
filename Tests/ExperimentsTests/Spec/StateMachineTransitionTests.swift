import Experiments
import Foundation
import Testing

/// Every event in every phase: the phase it leads to.
@Suite("State machine transition table")
struct StateMachineTransitionTests {
    enum Event: String, CaseIterable, Sendable {
        case targetOwned, targetBusy, versionsReady, versionsNotReady, timeDue, assessed, assessmentFailed
        case weightsApplied, weightsFailed, pushSucceeded, pushRejected, specUnchanged, specDeleted
        case pause, resume, terminate
    }

    static let t1 = StateMachineFixtures.t0.addingTimeInterval(10)

    static func apply(_ event: Event, to machine: inout ExperimentStateMachine) throws -> [ExperimentAction] {
        let t1 = Self.t1
        switch event {
        case .targetOwned: return machine.handle(.targetChecked(ownsTarget: true, queuedBehind: nil), at: t1)
        case .targetBusy: return machine.handle(.targetChecked(ownsTarget: false, queuedBehind: "older"), at: t1)
        case .versionsReady: return machine.handle(.versionsChecked(VersionsCheck(ready: true, message: "ready", currentWeights: nil)), at: t1)
        case .versionsNotReady: return machine.handle(.versionsChecked(VersionsCheck(ready: false, message: "0/1 ready", currentWeights: nil)), at: t1)
        case .timeDue: return machine.handle(.timePassed, at: t1)
        case .assessed: return machine.handle(.iterationAssessed(StateMachineFixtures.result()), at: t1)
        case .assessmentFailed: return machine.handle(.iterationFailed(ExternalFailure(system: .prometheus, transient: true, message: "prometheus unreachable")), at: t1)
        case .weightsApplied: return machine.handle(.weightsApplied(["reviews-v1": 90, "reviews-v2": 10]), at: t1)
        case .weightsFailed: return machine.handle(.weightsFailed(reason: "409 conflict"), at: t1)
        case .pushSucceeded: return machine.handle(.pushSucceeded(commit: "def456"), at: t1)
        case .pushRejected: return machine.handle(.pushRejected, at: t1)
        case .specUnchanged: return machine.handle(.specChanged(machine.experiment), at: t1)
        case .specDeleted: return machine.handle(.specDeleted, at: t1)
        case .pause: return machine.handle(.manualOverride(ManualOverride(action: .pause)), at: t1)
        case .resume: return machine.handle(.manualOverride(ManualOverride(action: .resume)), at: t1)
        case .terminate: return machine.handle(.manualOverride(ManualOverride(action: .terminate)), at: t1)
        }
    }

    /// Expected phase after each event, per starting phase; an event not listed leaves the phase unchanged.
    static let table: [ExperimentPhase: [Event: ExperimentPhase]] = [
        .waiting: [.targetOwned: .initializing, .specDeleted: .completed, .pause: .paused, .terminate: .completed],
        .initializing: [.versionsReady: .running, .specDeleted: .completed, .pause: .paused, .terminate: .completed],
        .running: [.specDeleted: .finishing, .pause: .paused, .terminate: .finishing],
        .paused: [.specDeleted: .finishing, .resume: .running, .terminate: .finishing],
        .finishing: [.pushSucceeded: .completed],
        .awaitingMerge: [:],  // only the request's merge or close moves it (StateMachineReviewTests)
        .completed: [:],
    ]

    static let rows: [(ExperimentPhase, Event)] = ExperimentPhase.allCases.flatMap { phase in Event.allCases.map { (phase, $0) } }

    @Test(arguments: rows)
    func leadsToTheExpectedPhase(from phase: ExperimentPhase, event: Event) throws {
        var machine = try StateMachineFixtures.machine(in: phase)
        #expect(machine.state.phase == phase)
        _ = try Self.apply(event, to: &machine)
        let expected = Self.table[phase]?[event] ?? phase
        #expect(machine.state.phase == expected, "\(phase.rawValue) + \(event.rawValue)")
        if expected != phase {
            #expect(machine.lastTransition?.from == phase)
            #expect(machine.lastTransition?.to == expected)
            #expect(machine.lastTransition?.reason.isEmpty == false)
        } else {
            #expect(machine.lastTransition == nil, "\(phase.rawValue) + \(event.rawValue) reported a transition")
        }
    }

    @Test(arguments: [ExperimentPhase.completed])
    func completedIgnoresEverything(phase: ExperimentPhase) throws {
        for event in Event.allCases {
            var machine = try StateMachineFixtures.machine(in: phase)
            let before = machine.state
            let actions = try Self.apply(event, to: &machine)
            #expect(actions.allSatisfy { if case .runIteration = $0 { false } else if case .setWeights = $0 { false } else { true } })
            #expect(machine.state.phase == before.phase)
        }
    }
}
