import Experiments
import Foundation
import GitOps
import HTTPTransport
import Testing
import TestSupport

/// Pull requests on the in-memory fakes (the forge is the loopback stand-in): `git` apply mode, an end that needs
/// no review, a forge that rate-limits, and a restart that finds its request again.
@Suite struct ReconcilerUnitPullRequestTests {
    typealias Harness = ReconcilerUnitHarness

    static func configuration(_ forge: ForgeAPIServer, policy: ReviewPolicy) -> ReconcilerConfiguration {
        var configuration = Harness.configuration
        let api = PullRequestAPI(provider: .github, baseURL: forge.githubBaseURL, repository: "acme/rollouts", token: forge.token)
        configuration.pullRequests = PullRequestSettings(
            client: GitHubPullRequests(api: api, transport: CurlTransport()), defaultPolicy: policy,
            repositoryWebURL: "https://github.example/acme/rollouts/blob/main/")
        return configuration
    }

    @Test func inGitModeTheMergedRequestIsTheChangeAndTheEndIsRecorded() async throws {
        let forge = try await ForgeAPIServer.start()
        let spec = Harness.spec(extra: "  promotion:\n    applyMode: git\n")
        let harness = Harness(files: [Harness.path: spec], configuration: Self.configuration(forge, policy: .promotions))
        var phase: ExperimentPhase?
        for _ in 0..<40 where phase != .awaitingMerge {
            phase = Harness.summary(await harness.step())?.phase
            ReconcilerUnitGitModeTests.sync(harness)
        }
        #expect(phase == .awaitingMerge)
        let review = try #require(try harness.status().state.review)
        #expect(review.state == .open)
        let tip = try #require(harness.origin.head(review.branch))
        let promoted = try #require(harness.origin.file("istio/reviews.yaml", at: tip))
        #expect(ReconcilerUnitGitModeTests.weights(in: promoted) == ["reviews-v1": 0, "reviews-v2": 100])
        #expect(harness.commits("promotion").isEmpty)
        let body = try #require(try await forge.bodies().compactMap { $0?["body"] as? String }.first)
        #expect(body.contains("the chart: [\(StatusPaths.chart("experiments/reviews-canary"))](https://github.example/acme/rollouts/blob/main/\(StatusPaths.chart("experiments/reviews-canary")))"))
        #expect(body.contains("[\(StatusPaths.report("experiments/reviews-canary"))](https://github.example/acme/rollouts/blob/main/\(StatusPaths.report("experiments/reviews-canary")))"))
        // A rebase merge: the branch's change lands on main as a new commit.
        try harness.humanCommit(["istio/reviews.yaml": promoted], message: "iter8: promote reviews-v2 (#\(review.number))")
        try await forge.setState(.github, number: review.number, state: "merged")
        ReconcilerUnitGitModeTests.sync(harness)
        let reports = try await harness.run(is: .completed)
        #expect(Harness.summary(reports.last)?.finish?.kind == .promotion)
        let status = try harness.status()
        #expect(status.state.condition(ConditionType.requestMerged)?.reason == "Merged")
        #expect(status.state.review?.state == .merged)
        #expect(harness.liveSplit() == ["reviews-v1": 0, "reviews-v2": 100])
    }

    @Test func aClusterModeRollbackChangesNoFileAndNeedsNoRequest() async throws {
        let forge = try await ForgeAPIServer.start()
        let harness = Harness(
            files: [Harness.path: Harness.spec()], configuration: Self.configuration(forge, policy: .always),
            behaviours: ["reviews-v2": .failing])
        let reports = try await harness.run(is: .completed)
        #expect(Harness.summary(reports.last)?.finish?.kind == .rollback)
        #expect(harness.liveSplit() == ["reviews-v1": 100, "reviews-v2": 0])
        #expect(try await forge.calls().filter { $0.hasPrefix("POST") }.isEmpty)
        #expect(try harness.status().state.review?.number == 0)
    }

    @Test func aRateLimitedForgeIsAskedAgainAndTheRecordedRequestIsPolledNotOpenedAgain() async throws {
        let forge = try await ForgeAPIServer.start()
        let harness = Harness(files: [Harness.path: Harness.spec()], configuration: Self.configuration(forge, policy: .promotions))
        // The first call, the look for an open request when the promotion is decided, hits the rate limit.
        try await forge.limitNext(1)
        let reports = try await harness.run(is: .awaitingMerge)
        let limited = try #require(reports.last { Harness.summary($0)?.phase == .finishing })
        #expect(Harness.summary(limited)?.events.contains { $0.contains("rateLimited") } == true)
        #expect(reports.contains { report in report.pushedCommits.contains { "\($0.kind)" == "status" } })
        let posts = try await forge.calls().filter { $0 == "POST /api/v3/repos/acme/rollouts/pulls" }
        #expect(posts.count == 1)
        // The request is in the status file: later passes (and a restarted service, which reads the same file) poll it.
        let review = try #require(try harness.status().state.review)
        #expect(review.state == .open)
        _ = await harness.step()
        _ = await harness.step()
        #expect(try await forge.calls().filter { $0 == "POST /api/v3/repos/acme/rollouts/pulls" }.count == 1)
        #expect(try await forge.calls().contains("GET /api/v3/repos/acme/rollouts/pulls/\(review.number)"))
        #expect(Harness.summary(await harness.step())?.phase == .awaitingMerge)
    }
}
