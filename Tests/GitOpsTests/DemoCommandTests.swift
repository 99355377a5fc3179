import Foundation
import Testing
import TestSupport

/// `iter8 demo` as a user runs it: the embedded default, finishing in under a minute.
@Suite(.serialized) struct DemoCommandTests {
    @Test func demoPromotesRollsBackAndPrintsTheHistory() async throws {
        let binary = try ReconcilerCrashTests.executable()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples/demo")
        let workspace = try TemporaryDirectory(prefix: "iter8-demo-test")
        let started = ContinuousClock.now
        let demo = try await offPool {
            try ManagedProcess(
                binary, ["demo", "--samples", samples.path, "--workspace", workspace.file("ws").path],
                logFile: workspace.file("demo.log"))
        }
        defer { demo.stop() }
        try await Wait.until("iter8 demo to finish (\(demo.logTail()))", timeout: .seconds(60)) { !demo.isRunning }
        let elapsed = ContinuousClock.now - started
        let output = demo.logTail(1_000_000)
        #expect(demo.exitStatus == 0, "\(output)")
        #expect(elapsed < .seconds(60))
        #expect(output.contains("bookinfo/reviews-canary    Completed"))
        #expect(output.contains("→ promotion: reviews-v2 won"))
        #expect(output.contains("bookinfo/ratings-canary    Completed"))
        #expect(output.contains("→ rollback:"))
        #expect(output.contains("→ promotion: details-v2 won"))
        // The Gateway API canary (an HTTPRoute; its name is longer than the column, and not cut).
        #expect(output.contains("bookinfo/productpage-canary Completed"))
        #expect(output.contains("→ promotion: productpage-v2 won"))
        #expect(output.contains("Rollout history"))
        // The decisions only: each end once, no status commit.
        let history = output.components(separatedBy: "Rollout history").last ?? ""
        #expect(history.contains("promotion  bookinfo/reviews-canary"))
        #expect(history.contains("rollback   bookinfo/ratings-canary"))
        #expect(history.contains("promotion  bookinfo/productpage-canary"))
        #expect(!history.contains("Z  status "))  // no line whose ACTION (after the TIME column) is status
        #expect(output.contains("iter8: promote reviews-v2 in bookinfo/reviews-canary"))
        #expect(output.contains("iter8: promote productpage-v2 in bookinfo/productpage-canary"))
        #expect(output.contains("report: "))
        // Without --keep the workspace is removed.
        #expect(!FileManager.default.fileExists(atPath: workspace.file("ws").path))
    }
}
