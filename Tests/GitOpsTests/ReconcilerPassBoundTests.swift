import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// A pass changes at most `maxChangesPerPass` experiments and asks for the next pass at once: many experiments due
/// together (a restart, an outage, a burst of merges) become several small commits instead of one huge pass.
@Suite(.serialized) struct ReconcilerPassBoundTests {
    @Test func aPassStopsAfterItsChangesAndTheNextComesAtOnce() async throws {
        var configuration = ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10)
        configuration.maxChangesPerPass = 1
        configuration.passConcurrency = 1  // steps already in flight when the bound is reached still finish
        // Two experiments on two targets (the second one's target needs no VirtualService to be queued and checked).
        let other = ReconcilerHarness.experiment(name: "ratings-canary")
            .replacingOccurrences(of: "target: bookinfo/reviews", with: "target: bookinfo/ratings")
        let harness = try await ReconcilerHarness.start(
            files: [
                "experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary"),
                "experiments/ratings-canary.yaml": other,
            ],
            configuration: configuration)
        defer { Task { await harness.stop() } }
        let first = try await harness.playground.step(simulatedSeconds: 1)
        #expect(first.experiments.count == 1, "\(first.experiments.map(\.key))")
        #expect(first.requeueSeconds == 0)
        let second = try await harness.playground.step(simulatedSeconds: 0)
        let keys = Set(first.experiments.map(\.key) + second.experiments.map(\.key))
        #expect(keys == ["bookinfo/reviews-canary", "bookinfo/ratings-canary"])
        // Each experiment's status file is on the origin after its pass.
        for name in ["reviews-canary", "ratings-canary"] {
            #expect(try await harness.show("experiments/\(name).status.yaml").contains("name: \(name)"))
        }
    }
}
