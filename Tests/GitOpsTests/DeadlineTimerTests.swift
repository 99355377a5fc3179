import Foundation
import Synchronization
import Testing
import TestSupport

@testable import GitOps

/// The one timer behind every step deadline: each deadline fires once, at or after its time, a cancelled one never,
/// and one scheduled after a later one still fires first (the timer is set again for it).
@Suite struct DeadlineTimerTests {
    final class Fired: Sendable {
        let names = Mutex<[String]>([])
        func record(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    @Test func deadlinesFireInTheirOrderAndCancelledOnesNever() async throws {
        let timer = DeadlineTimer()
        let fired = Fired()
        let started = ContinuousClock.now
        _ = timer.schedule(after: 0.6) { fired.record("late") }
        let cancelled = timer.schedule(after: 0.2) { fired.record("cancelled") }
        _ = timer.schedule(after: 0.1) { fired.record("early") }  // earlier than the timer's current setting
        _ = timer.schedule(after: 0.3) { fired.record("middle") }
        timer.cancel(cancelled)
        try await Wait.until("three deadlines to fire", timeout: .seconds(10)) { fired.all.count == 3 }
        #expect(fired.all == ["early", "middle", "late"])
        #expect(ContinuousClock.now - started >= .milliseconds(600))
        #expect(timer.pending == 0)
        timer.cancel(cancelled)  // again, and after the others fired: nothing
        _ = timer.schedule(after: 0) { fired.record("now") }
        try await Wait.until("a deadline of 0 s to fire", timeout: .seconds(10)) { fired.all.count == 4 }
        #expect(fired.all.last == "now")
    }

    /// A step that ends first cancels its deadline, and the grace's too once a stop was requested: none waits.
    @Test func stepsThatEndLeaveNoDeadlineWaiting() async {
        let timer = DeadlineTimer()
        let stop = PassStop()
        await withTaskGroup(of: Int?.self) { group in
            for index in 0..<200 {
                group.addTask {
                    await StepDeadline.run(seconds: 600, stop: stop, grace: 600, timer: timer) { () async -> Int in
                        if index == 100 { stop.request() }
                        return index
                    }
                }
            }
            for await value in group { #expect(value != nil) }
        }
        #expect(timer.pending == 0)
    }
}
