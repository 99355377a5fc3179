import Experiments
import Foundation
import Git
import GitOps
import Kubernetes
import Playground
import Testing
import TestSupport

/// Issue 10's reproductions against the real chain (git daemon, the Sandbox over HTTPS): each failed on 87aebbc —
/// a write the service must not make, a flood of commits, a silently ignored or mis-deleted spec, one hostile
/// document stopping every other experiment.
@Suite("Reconciler trust", .serialized)
struct ReconcilerTrustTests {
    static let path = "experiments/reviews-canary.yaml"
    static let identity = CommitIdentity(name: "iter8", email: "iter8@example.com")

    /// Refused by the allow-list, then deleted with a forged status (`phase: Running`, no `specErrors`): the
    /// deletion path must not patch `bookinfo/reviews` either. Every write passes the one gate.
    @Test func aForgedStatusCannotWriteOutsideTheAllowedNamespaces() async throws {
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary")],
            configuration: ReconcilerConfiguration(allowedNamespaces: ["shop"], identity: Self.identity))
        defer { Task { await harness.stop() } }
        try await harness.playground.step(simulatedSeconds: 10)
        let statusPath = StatusPaths.status("experiments/reviews-canary")
        let refused = try await harness.show(statusPath)
        #expect(refused.contains("is not one the service may touch"))
        // Someone moves the live split away from the baseline, so any rollback patch would show.
        _ = try await harness.playground.client.patch(
            .virtualService("v1"), namespace: "bookinfo", name: "reviews",
            patch: .json([.replace("/spec/http/0/route/0/weight", .number(60)), .replace("/spec/http/0/route/1/weight", .number(40))]))
        let before = try await harness.liveWeights()
        #expect(before == ["v1": 60, "v2": 40])
        var forged: [String] = []
        var skipping = false
        for line in refused.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("specErrors:") { skipping = true; continue }
            if skipping, line.hasPrefix("- ") || line.hasPrefix("  ") { continue }
            skipping = false
            forged.append(line.replacingOccurrences(of: "phase: Waiting", with: "phase: Running"))
        }
        try await harness.push(files: [statusPath: forged.joined(separator: "\n")], message: "Forge the status")
        try await harness.deleteFromAnotherWriter(Self.path)
        for _ in 0..<3 { try await harness.playground.step(simulatedSeconds: 10) }
        #expect(try await harness.liveWeights() == before)
    }

    /// `--status-dir` outside `--paths`: the status files must still be read, or every pass sees a new
    /// experiment and commits again (1,314 pushes in 60 s on 87aebbc).
    @Test func aStatusFolderOutsideThePathsIsStillRead() async throws {
        var configuration = ReconcilerConfiguration(paths: ["experiments", "istio"], statusLayout: .directory("status"), identity: Self.identity)
        configuration.pollIntervalSeconds = 10
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 100)], configuration: configuration)
        defer { Task { await harness.stop() } }
        var reports: [PassReport] = []
        for _ in 0..<4 { reports.append(try await harness.playground.step(simulatedSeconds: 10)) }
        let newEvents = reports.flatMap(\.experiments).filter { $0.events.contains("new experiment") }
        #expect(newEvents.count == 1)
        #expect(try await harness.show(StatusLayout.directory("status").files(specPath: "experiments/reviews-canary.yaml", namespace: "bookinfo", name: "reviews-canary", shared: false).status).contains("name: reviews-canary"))
        #expect(reports.allSatisfy { $0.failure == nil })
    }

    /// The breaker: at most `maxPushesPerMinute` pushes in any minute, then nothing until the window has room; the
    /// report says so.
    @Test func thePushBreakerStopsAFlood() async throws {
        var configuration = ReconcilerConfiguration(identity: Self.identity)
        configuration.maxPushesPerMinute = 2
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 100)], configuration: configuration)
        defer { Task { await harness.stop() } }
        var reports: [PassReport] = []
        for _ in 0..<5 { reports.append(try await harness.playground.step(simulatedSeconds: 10)) }
        let pushed = reports.filter { !$0.pushedCommits.isEmpty }.count
        #expect(pushed == 2)
        let open = try #require(reports.first { $0.pushBreakerOpen })
        #expect(open.failure?.message.contains("push circuit breaker open") == true)
        #expect(reports.last?.pushBreakerTrips == 1)
        // A minute later (simulated) the window has room again.
        for _ in 0..<4 { reports.append(try await harness.playground.step(simulatedSeconds: 10)) }
        #expect(reports.suffix(4).contains { !$0.pushedCommits.isEmpty })
    }

    /// A spec whose file became executable is the same spec: no deletion, no rollback.
    @Test func anExecutableSpecIsStillASpec() async throws {
        let harness = try await ReconcilerHarness.start(files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 100)])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        let origin = harness.origin
        try await offPool {
            let clone = try origin.cloneWorkingCopy(named: "chmod-\(UUID().uuidString.prefix(8))")
            try Shell.gitBlocking(["update-index", "--chmod=+x", Self.path], in: clone)
            try Shell.gitBlocking(["commit", "--quiet", "-m", "chmod +x"], in: clone)
            try Shell.gitBlocking(["push", "--quiet", "origin", "HEAD:refs/heads/\(origin.branch)"], in: clone)
        }
        #expect(try await harness.git(["ls-tree", origin.branch, Self.path]).hasPrefix("100755"))
        for _ in 0..<2 {
            let report = try await harness.playground.step(simulatedSeconds: 10)
            let summary = try #require(report.experiments.first { $0.key == "bookinfo/reviews-canary" })
            #expect(summary.phase == .running)
            #expect(!summary.events.contains("spec deleted"))
        }
    }

    /// A second document named `a/../../b` in the same file is invalid, gets a status file of its own inside the
    /// repository, and the valid experiment beside it runs and is published.
    @Test func aHostileNameInOneDocumentDoesNotStopTheOthers() async throws {
        let hostile = ReconcilerHarness.experiment(name: "reviews-canary", iterations: 100)
            .replacingOccurrences(of: "name: reviews-canary", with: "name: a/../../b")
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 100) + "\n---\n" + hostile])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        #expect(reports.allSatisfy { $0.failure == nil }, "\(reports.compactMap(\.failure))")
        let files = try await harness.git(["ls-tree", "-r", "--name-only", harness.origin.branch])
            .split(separator: "\n").map(String.init)
        #expect(files.allSatisfy { $0.hasPrefix("experiments/") || $0.hasPrefix("istio/") }, "\(files)")
        #expect(files.contains(StatusPaths.status("experiments/reviews-canary.reviews-canary-1")))
    }

    /// A file over the size limit is not read (its size comes from the object header), is named in the log once,
    /// and the experiments beside it run.
    @Test func anOversizedFileIsSkippedAndTheOthersRun() async throws {
        let big = "# padding\n" + String(repeating: "x: y\n", count: 300_000)  // 1.5 MB
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary"), "experiments/big.yaml": big])
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        #expect(reports.allSatisfy { $0.failure == nil })
    }

    /// A running experiment's file broken by a commit (not YAML, or not UTF-8) is invalid and held — its
    /// status says why — not taken for a deletion that rolls the experiment back.
    @Test(arguments: ["yaml", "latin1"])
    func aBrokenSpecFileHoldsInsteadOfRollingBack(breakage: String) async throws {
        let spec = ReconcilerHarness.experiment(name: "reviews-canary", iterations: 100)
        let harness = try await ReconcilerHarness.start(files: [Self.path: spec])
        defer { Task { await harness.stop() } }
        try await harness.run(until: "bookinfo/reviews-canary", is: .running)
        try await harness.playground.step(simulatedSeconds: 10)
        let split = try await harness.liveWeights()
        let origin = harness.origin
        try await offPool {
            let clone = try origin.cloneWorkingCopy(named: "breaker-\(UUID().uuidString.prefix(8))")
            let file = clone.appendingPathComponent(Self.path)
            if breakage == "yaml" {
                try (spec + "\n  broken: [unclosed\n").write(to: file, atomically: true, encoding: .utf8)
            } else {
                try (Data(spec.utf8) + Data([0x23, 0x20, 0xE9, 0x0A])).write(to: file)  // "# é" in Latin-1
            }
            try Shell.gitBlocking(["commit", "--quiet", "-am", "Break the spec"], in: clone)
            try Shell.gitBlocking(["push", "--quiet", "origin", "HEAD:refs/heads/\(origin.branch)"], in: clone)
        }
        for _ in 0..<3 {
            let report = try await harness.playground.step(simulatedSeconds: 10)
            let summary = try #require(report.experiments.first { $0.key == "bookinfo/reviews-canary" })
            #expect(summary.phase == .running)
            #expect(!summary.events.contains("spec deleted"))
        }
        #expect(try await harness.liveWeights() == split)
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("specErrors"))
        #expect(!(try await harness.originLog()).contains { $0.message.contains("Iter8-Action: rollback") })
    }

    /// A server answers two racing pushes with a refusal ("cannot lock ref … expected …"), not a non-fast-forward:
    /// when the branch moved meanwhile it is the same lost race, replayed on the new head in the same pass (the
    /// chaos soak saw a busy writer starve the service's pushes).
    @Test func aLockRaceRefusalIsReplayedLikeANonFastForward() async throws {
        let harness = try await ReconcilerHarness.start(
            files: [Self.path: ReconcilerHarness.experiment(name: "reviews-canary", iterations: 100)],
            wrap: { origin, repository in
                InterferingRepository(
                    repository, origin: origin, interference: [2: ["docs/notes.md": "release notes\n"]], racesAsLockFailures: true)
            })
        defer { Task { await harness.stop() } }
        var reports: [PassReport] = []
        for _ in 0..<3 { reports.append(try await harness.playground.step(simulatedSeconds: 10)) }
        #expect(reports.allSatisfy { $0.failure == nil }, "\(reports.compactMap(\.failure))")
        #expect(reports.reduce(0) { $0 + $1.pushRejections } == 1)
        #expect(try await harness.show("docs/notes.md") == "release notes\n")
        #expect(reports.filter { !$0.pushedCommits.isEmpty }.count >= 2)
    }
}
