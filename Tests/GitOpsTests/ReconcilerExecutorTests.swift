import Experiments
import Foundation
import Git
import GitOps
import Testing
import TestSupport

/// The executor's own edges on in-memory fakes: push backoff on the injected clock, and a deleted spec whose last
/// version cannot be read.
@Suite struct ReconcilerExecutorTests {
    typealias Rig = ExperimentOutcomeTests.Rig

    @Test func aReplayedPushBacksOffOnTheInjectedClock() async throws {
        var configuration = ReconcilerUnitHarness.configuration
        configuration.pushBackoffSeconds = 30
        let rig = Rig(configuration: configuration)
        let origin = rig.origin
        // Another writer pushes an unrelated file just before the first push: it is rejected, and replayed.
        origin.beforeEachPush { number in
            if number == 1 { try origin.commit(["docs/other.md": "another writer\n"]) }
        }
        rig.clock.advance(seconds: 10)
        let pass = Task { await rig.reconciler.pass() }
        // The backoff waits on the manual clock, not the wall clock: the pass sleeps until the test moves it.
        try await Wait.until("the pass sleeping on the manual clock") { rig.clock.sleeperCount == 1 }
        #expect(origin.pushCount == 0)
        rig.clock.advance(seconds: 30)
        let report = await pass.value
        #expect(report.failure == nil)
        #expect(report.pushRejections == 1)
        #expect(origin.file("docs/other.md") == "another writer\n")
        #expect(origin.file(ReconcilerUnitHarness.statusPath)?.contains("phase: Running") == true)
    }

    @Test func aDeletedSpecWhoseVersionCannotBeReadIsLeftAsRecordedAndSaysSo() async throws {
        let rig = Rig()
        for _ in 0..<2 {
            rig.clock.advance(seconds: 10)
            _ = await rig.reconciler.pass()
        }
        let statusPath = ReconcilerUnitHarness.statusPath
        let recorded = try #require(rig.origin.file(statusPath))
        let revision = try #require(recorded.split(separator: "\n").first { $0.hasPrefix("specRevision: ") })
        // The spec is deleted, and the status names a version of it that the repository does not have.
        let missing = String(repeating: "a", count: 40)
        try rig.origin.commit([
            ReconcilerUnitHarness.path: nil, statusPath: recorded.replacingOccurrences(of: revision, with: "specRevision: \(missing)"),
        ])
        rig.clock.advance(seconds: 10)
        let report = await rig.reconciler.pass()
        let summary = try #require(report.experiments.first { $0.key == ReconcilerUnitHarness.key })
        #expect(summary.phase == .running)
        #expect(summary.events.contains { $0.contains("the spec was deleted, but its version at aaaaaaa cannot be read") })
        let status = try #require(rig.origin.file(statusPath))
        #expect(status.contains("reason: DeletedSpecUnreadable"))
        #expect(status.contains("phase: Running"))
        // Recorded once: the next pass has nothing new to write.
        let head = rig.origin.head()
        rig.clock.advance(seconds: 10)
        let next = await rig.reconciler.pass()
        #expect(next.pushedCommits.isEmpty)
        #expect(rig.origin.head() == head)
    }
}
