import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// `git` apply mode on in-memory fakes: every split is a manifest commit, the experiment waits until the cluster
/// shows it (a GitOps tool applying the repository), and stops waiting after `gitApplyTimeoutSeconds`.
@Suite struct ReconcilerUnitGitModeTests {
    typealias Harness = ReconcilerUnitHarness

    static let spec = Harness.spec(extra: "  promotion:\n    applyMode: git\n")

    /// The weights of the reviews route in the VirtualService manifest `text`, by version (subset `vN` is `reviews-vN`).
    static func weights(in text: String) -> [String: Int] {
        var weights: [String: Int] = [:]
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, line) in lines.enumerated() where line.hasPrefix("subset: ") && index + 1 < lines.count {
            let subset = line.dropFirst("subset: ".count)
            if let weight = Int(lines[index + 1].dropFirst("weight: ".count)) { weights["reviews-\(subset)"] = weight }
        }
        return weights
    }

    /// The GitOps tool (Argo CD, Flux): applies the manifest at the head to the cluster.
    static func sync(_ harness: Harness) {
        guard let manifest = harness.file("istio/reviews.yaml") else { return }
        harness.router.set(weights(in: manifest), on: Harness.reviews)
    }

    @Test func everySplitIsACommitAndTheExperimentFollowsTheCluster() async throws {
        let harness = Harness(files: [Harness.path: Self.spec])
        var weightCommits: [PassReport.PushedCommit] = []
        var completed: PassReport?
        for _ in 0..<40 {
            let report = await harness.step()
            weightCommits += report.pushedCommits.filter { "\($0.kind)" == "weights" }
            Self.sync(harness)
            if Harness.summary(report)?.phase == .completed {
                completed = report
                break
            }
        }
        let summary = try #require(Harness.summary(completed))
        #expect(summary.finish?.kind == .promotion)
        #expect(weightCommits.count >= 2, "every weight change is a commit for the GitOps tool")
        #expect(weightCommits.allSatisfy { $0.subject.contains("set weights") }, "\(weightCommits.map(\.subject))")
        for commit in weightCommits {
            #expect(harness.origin.changedPaths(of: commit.id).contains("istio/reviews.yaml"))
        }
        // The service never wrote to the cluster: the GitOps tool did.
        #expect(harness.router.changes.isEmpty)
        #expect(harness.liveSplit() == ["reviews-v1": 0, "reviews-v2": 100])
        #expect(harness.commits("promotion").count == 1)
    }

    @Test func noIterationUntilTheClusterShowsTheCommittedSplit() async throws {
        let harness = Harness(files: [Harness.path: Self.spec])
        let first = await harness.step()
        #expect(Harness.kinds(first) == ["weights"])
        let committed = Self.weights(in: try #require(harness.file("istio/reviews.yaml")))
        #expect(committed["reviews-v2", default: 0] > 0)
        // The GitOps tool has not synced: the experiment waits, recording nothing new.
        for _ in 0..<3 {
            let report = await harness.step()
            #expect(report.iterations == 0)
            #expect(Harness.summary(report)?.completedIterations == 0)
        }
        Self.sync(harness)
        let synced = await harness.step()
        #expect(Harness.summary(synced)?.events.contains { $0.hasPrefix("the cluster shows the committed split") } == true)
        #expect(Harness.summary(synced)?.completedIterations == 1)
    }

    @Test func aClusterThatNeverShowsTheSplitStopsTheWaitAfterTheTimeout() async throws {
        var configuration = Harness.configuration
        configuration.gitApplyTimeoutSeconds = 60
        let harness = Harness(files: [Harness.path: Self.spec], configuration: configuration)
        await harness.step()
        var reports: [PassReport] = []
        for _ in 0..<10 { reports.append(await harness.step()) }
        let timedOut = reports.first { report in
            Harness.summary(report)?.events.contains { $0.contains("did not show the committed split") } == true
        }
        let events = reports.flatMap { Harness.summary($0)?.events ?? [] }
        #expect(timedOut != nil, "\(events)")
        #expect(harness.file(Harness.statusPath)?.contains("within 60 s; is the GitOps tool (Argo CD, Flux) syncing this repository?") == true)
        #expect(harness.router.changes.isEmpty)
    }
}
