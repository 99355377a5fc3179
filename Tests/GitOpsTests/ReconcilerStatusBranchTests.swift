import Experiments
import Foundation
import Git
import GitOps
import HTTPTransport
import Logging
import Playground
import PromQL
import Testing
import TestSupport

/// A protected watched branch end to end: `git daemon` refuses every network push to `main` (a server-side hook, as
/// branch protection does), and a canary still runs — each iteration's status lands on the status branch, the
/// promotion request is opened and, once people merge it, applied; `iter8 status` and `iter8 history` read the status
/// branch; a service started again on a fresh clone resumes from it.
@Suite(.serialized) struct ReconcilerStatusBranchTests {
    static let key = "bookinfo/reviews-canary"
    static let statusBranch = "iter8-status"
    static let statusPath = StatusPaths.status("experiments/reviews-canary")

    /// Refuses pushes to `refs/heads/main` that come over the network (git daemon sets `REMOTE_ADDR` for its
    /// receive-pack), logging each refusal; people's merges, made on the server, still land.
    static func protectMain(_ origin: GitOrigin) throws -> URL {
        let refusals = origin.root.file("refusals.log")
        let hook = origin.bare.appendingPathComponent("hooks/update")
        let script = """
            #!/bin/sh
            if [ -n "$REMOTE_ADDR" ] && [ "$1" = "refs/heads/main" ]; then
              echo "$1 $3" >> "\(refusals.path)"
              echo "refs/heads/main is a protected branch: changes go by pull request" >&2
              exit 1
            fi
            exit 0

            """
        try script.write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        return refusals
    }

    static func configuration(_ forge: ForgeAPIServer) -> ReconcilerConfiguration {
        var configuration = ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10)
        let api = PullRequestAPI(provider: .github, baseURL: forge.githubBaseURL, repository: "acme/rollouts", token: forge.token)
        configuration.pullRequests = PullRequestSettings(
            client: GitHubPullRequests(api: api, transport: CurlTransport()), defaultPolicy: .always)
        configuration.statusBranch = statusBranch
        return configuration
    }

    /// `iter8 <arguments>` as a process.
    static func iter8(_ arguments: [String], environment: [String: String] = [:]) async throws -> Shell.Finished {
        let binary = try BuiltExecutable.path("iter8")
        return try await offPool { try Shell.capture(binary, arguments, environment: environment) }
    }

    @Test func aCanaryRunsOnAProtectedBranchWithItsStatusesOnAStatusBranch() async throws {
        let forge = try await ForgeAPIServer.start()
        let spec = ReconcilerHarness.experiment(name: "reviews-canary", iterations: 8, mode: .fixed)
        let harness = try await ReconcilerHarness.start(
            files: ["experiments/reviews-canary.yaml": spec], configuration: Self.configuration(forge))
        defer { Task { await harness.stop() } }
        let origin = harness.origin
        let refusals = try await offPool { try Self.protectMain(origin) }
        let seed = try await harness.head()
        // The protection is real: a network push to main is refused.
        let attempt = try await offPool { () throws -> Int32 in
            let clone = try origin.cloneWorkingCopy(named: "intruder")
            try origin.commit(in: clone, files: ["x.txt": "x\n"], message: "Direct push")
            return try Shell.capture(
                try RequiredTool.path("git", package: "git"), ["push", harness.daemon.url, "HEAD:refs/heads/main"], directory: clone,
                environment: Hermetic.gitEnvironment).status
        }
        #expect(attempt != 0)
        func refused() async throws -> Int {
            try await offPool { (try? String(contentsOf: refusals, encoding: .utf8))?.split(separator: "\n").count ?? 0 }
        }
        #expect(try await refused() == 1)

        // A few iterations, then the service is started again on a fresh clone.
        var reports: [PassReport] = []
        for _ in 0..<10 {
            let report = try await harness.playground.step(simulatedSeconds: 10)
            reports.append(report)
            #expect(report.failure == nil, "\(report.failure.map { "\($0)" } ?? "")")
            if (report.experiments.first?.completedIterations ?? 0) >= 3 { break }
        }
        let recorded = try await harness.git(["show", "\(Self.statusBranch):\(Self.statusPath)"])
        #expect(recorded.contains("phase: Running"))
        #expect(try await harness.git(["rev-list", "--max-parents=0", Self.statusBranch]).split(separator: "\n").count == 1)
        let playground = harness.playground
        let restarted = Reconciler(
            repository: try await LibGit2Repository.clone(
                GitRemote(url: harness.daemon.url), into: harness.workspace.file("restarted.git").path, bare: true),
            environment: ClusterEnvironment.gated(
                client: playground.client,
                metrics: PrometheusMetricsSource(
                    client: PrometheusClient(baseURL: playground.metricsServer.prometheusURL, transport: CurlTransport())),
                routing: StandardRouting.plugins, allowedNamespaces: nil),
            configuration: Self.configuration(forge), clock: MeshClock(mesh: playground.mesh, timeScale: 1),
            logger: Playground.quietLogger, reports: ReportRenderer())
        let before = reports.last?.experiments.first?.completedIterations ?? 0
        func step() async throws -> PassReport {
            try await playground.mesh.advance(simulatedSeconds: 10)
            let report = await restarted.pass()
            #expect(report.failure == nil, "\(report.failure.map { "\($0)" } ?? "")")
            return report
        }
        let resumed = try await step()
        #expect(resumed.experiments.first?.completedIterations == before + 1)
        var phase = resumed.experiments.first?.phase
        for _ in 0..<20 where phase != .awaitingMerge { phase = try await step().experiments.first?.phase }
        #expect(phase == .awaitingMerge)

        // iter8 status, as a process, reads the status branch (the option, or ITER8_STATUS_BRANCH).
        let status = try await Self.iter8(["status", harness.daemon.url, "--status-branch", Self.statusBranch])
        #expect(status.status == 0, "\(status.errors)")
        #expect(status.output.contains("reviews-canary") && status.output.contains("AwaitingMerge"), "\(status.output)")
        let fromEnvironment = try await Self.iter8(
            ["status", harness.daemon.url, "--output", "json"], environment: ["ITER8_STATUS_BRANCH": Self.statusBranch])
        #expect(fromEnvironment.output.contains("AwaitingMerge"), "\(fromEnvironment.output)")
        let onMain = try await Self.iter8(["status", harness.daemon.url])
        #expect(onMain.output.contains("no status files"), "\(onMain.output)")

        // People merge the request with a squash on the forge (the commit's message, trailers and all, kept).
        let recordedStatus = try await harness.git(["show", "\(Self.statusBranch):\(Self.statusPath)"])
        let number = try #require(Int(ReconcilerPullRequestTests.field("number", in: recordedStatus)))
        let branch = ReconcilerPullRequestTests.field("branch", in: recordedStatus)
        let promoted = try await harness.git(["show", "\(branch):istio/reviews.yaml"])
        let message = try await harness.git(["log", "-1", "--format=%B", branch])
        try await harness.push(files: ["istio/reviews.yaml": promoted], message: message)
        try await forge.setState(.github, number: number, state: "merged")
        for _ in 0..<10 where phase != .completed { phase = try await step().experiments.first?.phase }
        #expect(phase == .completed)
        #expect(try await harness.liveWeights() == ["v1": 0, "v2": 100])
        let final = try await harness.git(["show", "\(Self.statusBranch):\(Self.statusPath)"])
        #expect(final.contains("phase: Completed") && final.contains("reason: Merged"))

        // main holds the seed and people's merge only; the service never even tried to push there.
        let log = try await harness.originLog()
        #expect(log.count == 2 && log.last?.id == seed)
        #expect(log.allSatisfy { !$0.message.contains("Iter8-Action: status") })
        #expect(try await refused() == 1)
        // The status branch holds only the service's files.
        let files = try await harness.git(["ls-tree", "-r", "--name-only", Self.statusBranch])
        #expect(files.split(separator: "\n").map(String.init).sorted() == [
            StatusPaths.report("experiments/reviews-canary"), StatusPaths.chart("experiments/reviews-canary"), StatusPaths.status("experiments/reviews-canary"),
        ].sorted())

        // iter8 history: the iterations from the status branch and the merged promotion from main, in one list.
        let history = try await Self.iter8(
            ["history", harness.daemon.url, "--status-branch", Self.statusBranch, "--output", "json"])
        #expect(history.status == 0, "\(history.errors)")
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(history.output.utf8)) as? [[String: Any]], "\(history.output)")
        let actions = entries.compactMap { $0["action"] as? String }
        #expect(actions.first == "status" || actions.first == "promotion", "\(actions)")
        #expect(actions.contains("promotion"))
        #expect(actions.filter { $0 == "status" }.count >= 4)
        let watchedOnly = try await Self.iter8(["history", harness.daemon.url, "--output", "json"])
        let mainEntries = try #require(try JSONSerialization.jsonObject(with: Data(watchedOnly.output.utf8)) as? [[String: Any]])
        #expect(mainEntries.compactMap { $0["action"] as? String } == ["promotion"])
    }
}
