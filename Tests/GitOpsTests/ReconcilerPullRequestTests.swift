import Experiments
import Foundation
import GitOps
import HTTPTransport
import Testing
import TestSupport

/// Promotion by pull request end to end: the real git daemon, the Sandbox over HTTPS, and the loopback stand-in of
/// GitHub's and GitLab's APIs. The promotion waits in `AwaitingMerge` on a branch of its own until people merge the
/// request (then it is applied) or close it (then the experiment ends as the spec says).
@Suite(.serialized) struct ReconcilerPullRequestTests {
    static let key = "bookinfo/reviews-canary"

    static func start(_ forge: ForgeAPIServer, _ provider: PullRequestProvider, extra: String = "")
        async throws -> ReconcilerHarness
    {
        var configuration = ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10)
        let transport = CurlTransport()
        let client: any PullRequestClient = switch provider {
        case .github:
            GitHubPullRequests(
                api: PullRequestAPI(provider: .github, baseURL: forge.githubBaseURL, repository: "acme/rollouts", token: forge.token),
                transport: transport)
        case .gitlab:
            GitLabMergeRequests(
                api: PullRequestAPI(provider: .gitlab, baseURL: forge.gitlabBaseURL, repository: "acme/rollouts", token: forge.token),
                transport: transport)
        }
        configuration.pullRequests = PullRequestSettings(client: client, defaultPolicy: .promotions)
        return try await ReconcilerHarness.start(
            files: ["experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary", extra: extra)],
            configuration: configuration)
    }

    /// The value of the first `name:` line of a status file ("" when there is none).
    static func field(_ name: String, in status: String) -> String {
        guard let line = status.split(separator: "\n").first(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + ":") })
        else { return "" }
        return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }

    /// Runs to `AwaitingMerge` and checks what is waiting: the request, its branch with the promotion commit and
    /// its trailers, the watched branch and the live route untouched. Returns the request's number and branch.
    static func awaitRequest(_ harness: ReconcilerHarness, _ forge: ForgeAPIServer) async throws -> (number: Int, branch: String) {
        let before = try await harness.show("istio/reviews.yaml")
        let reports = try await harness.run(until: key, is: .awaitingMerge)
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("phase: AwaitingMerge"))
        #expect(status.contains("type: RequestMerged"))
        let number = try #require(Int(Self.field("number", in: status)))
        let branch = Self.field("branch", in: status)
        #expect(branch.hasPrefix("iter8/bookinfo-reviews-canary-promotion-"))
        // The request: from that branch into main, titled by the commit, the report as its body.
        let bodies = try await forge.bodies().compactMap { $0 }
        let opened = try #require(bodies.first { ($0["head"] ?? $0["source_branch"]) as? String == branch })
        #expect(opened["title"] as? String == "iter8: promote reviews-v2 in bookinfo/reviews-canary")
        let description = try #require((opened["body"] ?? opened["description"]) as? String)
        #expect(description.contains("**iter8 promotion** of `bookinfo/reviews-canary`"))
        #expect(description.contains(StatusPaths.chart("experiments/reviews-canary").split(separator: "/").last.map(String.init) ?? ""))
        // The branch holds the promotion commit, trailers kept, rewriting only the manifest's weights.
        let message = try await harness.git(["log", "-1", "--format=%B", branch])
        for trailer in ["Iter8-Experiment: bookinfo/reviews-canary", "Iter8-Action: promotion", "Iter8-Winner: reviews-v2"] {
            #expect(message.contains(trailer), "missing \(trailer) in \(message)")
        }
        let files = try await harness.git(["show", "--name-only", "--format=", branch])
        #expect(files.trimmingCharacters(in: .whitespacesAndNewlines) == "istio/reviews.yaml")
        // Nothing happened yet: main's manifest and the live route are as they were, and waiting changes nothing.
        #expect(try await harness.show("istio/reviews.yaml") == before)
        #expect(try await harness.liveWeights()["v2"] != 100)
        let waiting = try await harness.playground.step(simulatedSeconds: 10)
        #expect(waiting.experiments.first?.phase == .awaitingMerge)
        #expect(reports.allSatisfy { $0.pushedCommits.allSatisfy { $0.kind != .promotion } })
        return (number, branch)
    }

    @Test func aMergedPullRequestIsApplied() async throws {
        let forge = try await ForgeAPIServer.start()
        let harness = try await Self.start(forge, .github)
        defer { Task { await harness.stop() } }
        let (number, branch) = try await Self.awaitRequest(harness, forge)
        // People squash-merge it: a new commit on main with the branch's manifest (not the branch's commit id).
        let promoted = try await harness.git(["show", "\(branch):istio/reviews.yaml"])
        try await harness.push(files: ["istio/reviews.yaml": promoted], message: "iter8: promote reviews-v2 (#\(number))")
        try await forge.setState(.github, number: number, state: "merged")
        let reports = try await harness.run(until: Self.key, is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        #expect(summary.finish?.kind == .promotion)
        #expect(try await harness.liveWeights() == ["v1": 0, "v2": 100])
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("phase: Completed"))
        #expect(status.contains("reason: Merged"))
        #expect(try await harness.show("istio/reviews.yaml") == promoted)
        let calls = try await forge.calls()
        #expect(calls.contains("GET /api/v3/repos/acme/rollouts/pulls/\(number)"))
        #expect(calls.filter { $0 == "POST /api/v3/repos/acme/rollouts/pulls" }.count == 1)
    }

    @Test func aClosedMergeRequestEndsAsTheSpecSays() async throws {
        let forge = try await ForgeAPIServer.start()
        let harness = try await Self.start(forge, .gitlab)
        defer { Task { await harness.stop() } }
        let main = try await harness.show("istio/reviews.yaml")
        let (number, _) = try await Self.awaitRequest(harness, forge)
        try await forge.setState(.gitlab, number: number, state: "closed")
        let reports = try await harness.run(until: Self.key, is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        // onTermination to_winner (the default): a refused promotion goes back to the baseline.
        #expect(summary.finish?.kind == .rollback)
        #expect(summary.finish?.trigger == .requestClosed)
        #expect(try await harness.liveWeights() == ["v1": 100, "v2": 0])
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("reason: Closed"))
        #expect(status.contains("closed unmerged"))
        #expect(try await harness.show("istio/reviews.yaml") == main)
        let log = try await harness.originLog()
        #expect(!log.contains { $0.message.contains("Iter8-Action: promotion") })
    }

    @Test func aClosedPullRequestKeepsTheLiveSplitWithKeepLast() async throws {
        let forge = try await ForgeAPIServer.start()
        // keep_last: the end is a kept split, which the promotions policy reviews too.
        let harness = try await Self.start(forge, .github, extra: "  promotion:\n    onTermination: keep_last")
        defer { Task { await harness.stop() } }
        _ = try await harness.run(until: Self.key, is: .awaitingMerge)
        let live = try await harness.liveWeights()
        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        let number = try #require(Int(Self.field("number", in: status)))
        try await forge.setState(.github, number: number, state: "closed")
        let reports = try await harness.run(until: Self.key, is: .completed)
        #expect(reports.last?.experiments.first?.finish?.kind == .keepLast)
        #expect(try await harness.liveWeights() == live)
    }
}
