import Foundation
import Testing
import TestSupport

@testable import GitOps

/// A finished step's inputs are not kept alive by its deadline's timer: the timer fires minutes later, and a pass
/// over a thousand experiments finishes thousands of steps meanwhile (each holding its status document).
@Suite struct StepDeadlineTests {
    final class Payload: Sendable {}

    @Test func aFinishedStepsInputsAreReleasedBeforeItsDeadline() async throws {
        weak var released: Payload?
        do {
            let input = Payload()  // what a step captures: the experiment, its recorded status, the pass context
            released = input
            let value = await StepDeadline.run(seconds: 600) { () async -> Int in
                withExtendedLifetime(input) { 1 }
            }
            #expect(value == 1)
        }
        // The task that ran the step ends just after handing its value over; nothing else may hold what it captured.
        try await Wait.until("the step's inputs to be released", timeout: .seconds(10)) { released == nil }
    }

    /// A step that ends before its deadline cancels the deadline's timer, which would otherwise stay pending for the
    /// whole deadline (120 s by default) with what it holds: at 1,000 experiments a heaptrack run counted 30,000
    /// Dispatch sources and their closures, 13 MiB, two minutes in.
    @Test func aFinishedStepLeavesNoTimerPending() async throws {
        final class Box: @unchecked Sendable { weak var gate: AnyObject? }
        let box = Box()
        let stop = PassStop()
        let timer = DeadlineTimer()
        let value = await StepDeadline.run(seconds: 600, stop: stop, grace: 600, timer: timer, gate: { box.gate = $0 }) {
            () async -> Int in
            stop.request()  // the service is asked to stop while the step runs: the grace's timer is armed too
            return 2
        }
        #expect(value == 2)
        #expect(timer.pending == 0)  // both deadlines cancelled, not left to fire in 600 s
        try await Wait.until("the gate to be released", timeout: .seconds(10)) { box.gate == nil }
    }

    @Test func aStepPastItsDeadlineIsAbandoned() async {
        let value = await StepDeadline.run(seconds: 0.05) { () async -> Int in
            try? await Task.sleep(for: .seconds(30))
            return 1
        }
        #expect(value == nil)
    }
}
