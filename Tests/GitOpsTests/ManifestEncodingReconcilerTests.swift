import Foundation
import GitOps
import Testing
import TestSupport

/// In `git` apply mode the service rewrites the team's manifest: one that is not UTF-8 is refused with the
/// reason on the experiment, and its bytes in Git stay exactly as they were (never re-encoded).
@Suite(.serialized) struct ManifestEncodingReconcilerTests {
    @Test func aLatin1ManifestIsNotReEncoded() async throws {
        let spec = ReconcilerHarness.experiment(name: "reviews-canary", extra: "  promotion:\n    applyMode: git")
        let harness = try await ReconcilerHarness.start(files: ["experiments/reviews-canary.yaml": spec])
        defer { Task { await harness.stop() } }
        // Another writer commits the manifest with a Latin-1 comment (byte 0xE9), as an old editor would.
        let origin = harness.origin
        let copy = try await offPool { try origin.cloneWorkingCopy(named: "latin1") }
        let latin1 = Data("# caf".utf8) + Data([0xE9]) + Data(" du coin\n".utf8) + Data(ReconcilerHarness.virtualService.utf8)
        try latin1.write(to: copy.appendingPathComponent("istio/reviews.yaml"))
        _ = try await Shell.git(["commit", "--quiet", "-am", "A Latin-1 comment"], in: copy)
        _ = try await Shell.git(["push", "--quiet", "origin", "HEAD:refs/heads/main"], in: copy)
        let blob = try await harness.git(["rev-parse", "main:istio/reviews.yaml"])

        var events: [String] = []
        for _ in 0..<4 {
            let report = try await harness.playground.step(simulatedSeconds: 10)
            events += report.experiments.flatMap(\.events)
            #expect(try await harness.git(["rev-parse", "main:istio/reviews.yaml"]) == blob)
        }
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("is not UTF-8 text"), "\(status)")
        #expect(try await harness.originLog().allSatisfy { !$0.message.contains("set weights") })
        _ = events
    }
}
