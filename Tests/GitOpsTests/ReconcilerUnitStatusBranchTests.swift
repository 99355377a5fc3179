import Experiments
import Foundation
import Git
import GitOps
import HTTPTransport
import Logging
import Playground
import Testing
import TestSupport

/// `--status-branch` on the in-memory fakes: the watched branch refuses every push (a protected branch) and is only
/// read; each pass's status, report and chart go to a branch of their own, created on first use; ends go by pull
/// request; a restart resumes from the status branch.
@Suite struct ReconcilerUnitStatusBranchTests {
    typealias Harness = ReconcilerUnitHarness
    static let statusBranch = "iter8-status"

    static func configuration(_ forge: ForgeAPIServer, policy: ReviewPolicy = .always) -> ReconcilerConfiguration {
        var configuration = Harness.configuration
        let api = PullRequestAPI(provider: .github, baseURL: forge.githubBaseURL, repository: "acme/rollouts", token: forge.token)
        configuration.pullRequests = PullRequestSettings(
            client: GitHubPullRequests(api: api, transport: CurlTransport()), defaultPolicy: policy)
        configuration.statusBranch = statusBranch
        return configuration
    }

    /// The completed iterations the status branch records (0 before it exists).
    static func iterations(_ harness: Harness) -> Int {
        guard let head = harness.origin.head(statusBranch), let text = harness.origin.file(Harness.statusPath, at: head) else { return 0 }
        return (try? StatusFile.read(Data(text.utf8), file: Harness.statusPath))?.state.completedIterations ?? 0
    }

    /// `path` on the status branch's head, decoded.
    static func status(_ harness: Harness, _ path: String = Harness.statusPath) throws -> ExperimentStatus {
        let head = try #require(harness.origin.head(statusBranch))
        let text = try #require(harness.origin.file(path, at: head))
        return try StatusFile.read(Data(text.utf8), file: path)
    }

    @Test func statusesGoToTheStatusBranchAndTheMergedRequestIsApplied() async throws {
        let forge = try await ForgeAPIServer.start()
        let harness = Harness(files: [Harness.path: Harness.spec()], configuration: Self.configuration(forge))
        harness.origin.protect("main")
        let seed = try #require(harness.origin.head())
        let reports = try await harness.run(is: .awaitingMerge)
        #expect(reports.allSatisfy { $0.failure == nil })
        // Every pushed commit is on the status branch: one root commit, then one per pass, holding only the
        // service's files in the watched branch's layout.
        let log = harness.origin.log(Self.statusBranch)
        #expect(log.count == reports.reduce(0) { $0 + $1.pushedCommits.count })
        #expect(log.last?.parents.isEmpty == true)
        let statusHead = try #require(harness.origin.head(Self.statusBranch))
        #expect(harness.origin.paths(at: statusHead) == [
            StatusPaths.report("experiments/reviews-canary"), StatusPaths.chart("experiments/reviews-canary"), Harness.statusPath,
        ].sorted())
        // The watched branch never got a commit, and the service never tried to push there.
        #expect(harness.origin.head() == seed)
        #expect(harness.origin.protectedRefusals == 0)
        #expect(harness.file(Harness.statusPath) == nil)
        let waiting = try Self.status(harness)
        #expect(waiting.state.phase == .awaitingMerge)
        let review = try #require(waiting.state.review)
        let tip = try #require(harness.origin.head(review.branch))
        let promoted = try #require(harness.origin.file("istio/reviews.yaml", at: tip))
        // People squash-merge the request on the forge: a commit of theirs on main.
        try harness.humanCommit(["istio/reviews.yaml": promoted], message: "iter8: promote reviews-v2 (#\(review.number))")
        try await forge.setState(.github, number: review.number, state: "merged")
        let ended = try await harness.run(is: .completed)
        #expect(Harness.summary(ended.last)?.finish?.kind == .promotion)
        let done = try Self.status(harness)
        #expect(done.state.condition(ConditionType.requestMerged)?.reason == "Merged")
        #expect(harness.liveSplit() == ["reviews-v1": 0, "reviews-v2": 100])
        #expect(harness.origin.log().count == 2)  // the seed and people's merge
        #expect(harness.origin.protectedRefusals == 0)
        #expect(try await forge.calls().filter { $0 == "POST /api/v3/repos/acme/rollouts/pulls" }.count == 1)
    }

    @Test func aRestartedServiceResumesFromTheStatusBranch() async throws {
        let forge = try await ForgeAPIServer.start()
        let spec = Harness.spec(iterations: 8, mode: .fixed)
        let harness = Harness(files: [Harness.path: spec], configuration: Self.configuration(forge))
        harness.origin.protect("main")
        for _ in 0..<12 where Self.iterations(harness) < 3 { await harness.step() }
        let before = try Self.status(harness)
        #expect(before.state.completedIterations >= 3 && before.state.phase == .running)
        // Another process: a fresh clone of the same origin, the same cluster and clock.
        let restarted = Reconciler(
            repository: InMemoryGitRepository(origin: harness.origin),
            environment: ClusterEnvironment(
                router: harness.router, metrics: harness.metrics, readiness: harness.readiness,
                manifests: StandardRouting.plugins.map(\.manifests)),
            configuration: Self.configuration(forge), clock: harness.clock, logger: Logger(label: "restarted"),
            reports: ReportRenderer(), jitter: { 1 })
        harness.clock.advance(seconds: 10)
        let report = await restarted.pass()
        #expect(report.failure == nil)
        let after = try Self.status(harness)
        // It went on from the recorded iteration, with the same seed; it did not start afresh.
        #expect(after.seed == before.seed)
        #expect(after.state.completedIterations == before.state.completedIterations + 1)
        #expect(after.iterations.last.map(\.time) ?? .distantPast > before.iterations.last.map(\.time) ?? .distantFuture)
    }

    @Test func theFirstStatusCommitCarriesTheWatchedBranchsStatusFiles() async throws {
        let forge = try await ForgeAPIServer.start()
        // Before the switch: the service committed to main.
        let spec = Harness.spec(iterations: 8, mode: .fixed)
        let harness = Harness(files: [Harness.path: spec])
        for _ in 0..<12 where (try? harness.status())?.state.completedIterations ?? 0 < 2 { await harness.step() }
        let onMain = try harness.status()
        let report = try #require(harness.file(StatusPaths.report("experiments/reviews-canary")))
        // The switch: a new process with a status branch, main now protected.
        harness.origin.protect("main")
        let switched = Reconciler(
            repository: InMemoryGitRepository(origin: harness.origin),
            environment: ClusterEnvironment(
                router: harness.router, metrics: harness.metrics, readiness: harness.readiness,
                manifests: StandardRouting.plugins.map(\.manifests)),
            configuration: Self.configuration(forge), clock: harness.clock, logger: Logger(label: "switched"),
            reports: ReportRenderer(), jitter: { 1 })
        harness.clock.advance(seconds: 10)
        #expect(await switched.pass().failure == nil)
        let log = harness.origin.log(Self.statusBranch)
        #expect(log.count == 1 && log[0].parents.isEmpty)
        let resumed = try Self.status(harness)
        #expect(resumed.seed == onMain.seed)
        #expect(resumed.state.completedIterations == onMain.state.completedIterations + 1)
        #expect(harness.origin.file(StatusPaths.report("experiments/reviews-canary"), at: log[0].id) != report)  // re-rendered
        #expect(harness.origin.paths(at: log[0].id).allSatisfy { !$0.hasPrefix("istio/") && $0 != Harness.path })
        #expect(harness.origin.protectedRefusals == 0)
    }

    @Test func aRaceOnTheStatusBranchIsReplayed() async throws {
        let forge = try await ForgeAPIServer.start()
        let harness = Harness(files: [Harness.path: Harness.spec()], configuration: Self.configuration(forge))
        harness.origin.protect("main")
        await harness.step()  // creates the status branch
        let origin = harness.origin
        origin.beforeEachPush { number in
            if number == 2 { try origin.commit(["NOTES.md": "someone else\n"], on: Self.statusBranch) }
        }
        let report = await harness.step()
        #expect(report.failure == nil)
        #expect(report.pushRejections == 1)
        let head = try #require(origin.head(Self.statusBranch))
        #expect(origin.file("NOTES.md", at: head) == "someone else\n")
        #expect(try Self.status(harness).state.completedIterations >= 1)
    }

    @Test func specsThatWouldPushToTheWatchedBranchHoldAsInvalid() async throws {
        let forge = try await ForgeAPIServer.start()
        let gitMode = Harness.spec(extra: "  promotion:\n    applyMode: git\n")
        let promotionsOnly = ReconcilerHarness.experiment(name: "other", extra: "  promotion:\n    pullRequest: promotions\n")
        let harness = Harness(
            files: [Harness.path: gitMode, "experiments/other.yaml": promotionsOnly], configuration: Self.configuration(forge))
        harness.origin.protect("main")
        let report = await harness.step()
        #expect(report.failure == nil)
        let git = try Self.status(harness)
        #expect(git.specErrors?.first?.contains("spec.promotion.applyMode: git") == true)
        #expect(git.specErrors?.first?.contains("status branch 'iter8-status'") == true)
        let other = try Self.status(harness, StatusPaths.status("experiments/other"))
        #expect(other.specErrors?.first?.contains("spec.promotion.pullRequest: promotions") == true)
        #expect(git.state.completedIterations == 0 && other.state.completedIterations == 0)
        #expect(git.state.weights == nil && other.state.weights == nil)
        #expect(harness.router.split(of: Harness.reviews) == nil)  // nothing touched the route
        #expect(harness.origin.log().count == 1)
    }

    @Test func startRefusesSettingsThatWouldPushToTheWatchedBranch() async throws {
        let forge = try await ForgeAPIServer.start()
        func code(_ change: (inout ReconcilerConfiguration) -> Void) -> StatusBranchError.Code? {
            var configuration = Self.configuration(forge)
            change(&configuration)
            do {
                try configuration.validateStatusBranch()
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code { _ in } == nil)
        #expect(code { $0.statusBranch = nil } == nil)
        #expect(code { $0.statusBranch = "iter8/status" } == nil)
        #expect(code { $0.statusBranch = "main" } == .sameAsWatched)
        #expect(code { $0.statusBranch = "iter8 status" } == .invalidName)
        #expect(code { $0.statusBranch = "status..old" } == .invalidName)
        #expect(code { $0.statusBranch = "-status" } == .invalidName)
        #expect(code { $0.pullRequests = nil } == .noPullRequests)
        #expect(code { $0.pullRequests?.defaultPolicy = .promotions } == .policyNotAlways)
        #expect(code { $0.applyModeOverride = .git } == .gitApplyMode)
        var configuration = Self.configuration(forge)
        configuration.statusBranch = "main"
        #expect(throws: StatusBranchError.self) { try configuration.validateStatusBranch() }
    }
}
