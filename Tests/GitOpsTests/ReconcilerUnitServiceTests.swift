import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// The reconcile loop on the manual clock: a pass, then a wait on the injected clock until the experiment's next
/// iteration is due; nothing waits on the wall clock, so a whole canary runs in well under a second.
@Suite struct ReconcilerUnitServiceTests {
    typealias Harness = ReconcilerUnitHarness

    /// Every pass's report, as the service's observer saw them.
    actor Passes {
        var reports: [PassReport] = []
        func append(_ report: PassReport) { reports.append(report) }
        var count: Int { reports.count }
    }

    // The waits' bounds only detect a hang: with the whole suite running, this test's tasks share the cooperative
    // pool (one thread per core) with everything else, and a 10 s bound timed out on a 2-core machine.
    @Test func theLoopWaitsOnTheInjectedClockUntilTheNextIterationIsDue() async throws {
        let harness = Harness(files: [Harness.path: Harness.spec()])
        let passes = Passes()
        let service = ReconcilerService(
            reconciler: harness.reconciler, clock: harness.clock, pollIntervalSeconds: 30, minPassIntervalSeconds: 1,
            observer: { await passes.append($0) })
        let loop = Task { try await service.run() }
        defer { loop.cancel() }
        try await Wait.until("the first pass and the wait after it", timeout: .seconds(60), interval: .milliseconds(5)) {
            await passes.count == 1 && harness.clock.sleeperCount == 1
        }
        // The experiment asked for its next iteration in 10 s: 9 s on the clock wake nothing, the 10th does.
        harness.clock.advance(seconds: 9)
        let requeues = await passes.reports.map(\.requeueSeconds)
        #expect(harness.clock.sleeperCount == 1, "\(requeues)")
        #expect(await passes.count == 1)
        harness.clock.advance(seconds: 1)
        try await Wait.until("the second pass", timeout: .seconds(60), interval: .milliseconds(5)) { await passes.count == 2 }

        var completed = false
        for _ in 0..<40 where !completed {
            let before = await passes.count
            try await Wait.until("the loop to wait again", timeout: .seconds(60), interval: .milliseconds(5)) {
                harness.clock.sleeperCount == 1
            }
            harness.clock.advance(seconds: 10)
            try await Wait.until("the next pass", timeout: .seconds(60), interval: .milliseconds(5)) { await passes.count > before }
            completed = Harness.summary(await passes.reports.last)?.phase == .completed
        }
        #expect(completed)
        #expect(harness.commits("promotion").count == 1)
        loop.cancel()
        _ = await loop.result
        #expect(harness.clock.sleeperCount == 0, "cancelling the loop ends its wait on the clock")
    }
}
