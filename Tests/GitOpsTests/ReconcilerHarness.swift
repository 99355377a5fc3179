import Experiments
import Foundation
import Git
import GitOps
import Playground
import Sandbox
import TestSupport

/// A reconciler wired to real parts for scenario tests: an origin repository served by `git daemon`, the
/// Sandbox API server over HTTPS with its simulated mesh and query API, and the production clients.
/// Each step advances the mesh by a number of simulated seconds and runs one pass, so runs are deterministic.
final class ReconcilerHarness: Sendable {
    let origin: GitOrigin
    let daemon: GitDaemonServer
    let workspace: TemporaryDirectory
    let playground: Playground

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/reconciler")
    static let template = (try? String(contentsOf: fixtures.appendingPathComponent("virtualservice.yaml"), encoding: .utf8)) ?? ""
    /// The reviews VirtualService (baseline v1 at 100) with destinations for `subsets` only: every
    /// destination of the experiment's route must belong to one of its versions.
    static func virtualService(_ subsets: [String] = ["v1", "v2"]) -> String {
        var text = template
        for subset in ["v1", "v2", "v3"] where !subsets.contains(subset) {
            let weight = subset == "v1" ? 100 : 0
            text = text.replacingOccurrences(
                of: "    - destination:\n        host: reviews\n        subset: \(subset)\n      weight: \(weight)\n", with: "")
        }
        return text
    }
    static let virtualService = virtualService()

    init(origin: GitOrigin, daemon: GitDaemonServer, workspace: TemporaryDirectory, playground: Playground) {
        self.origin = origin
        self.daemon = daemon
        self.workspace = workspace
        self.playground = playground
    }

    /// Starts with `files` (repository path → text) plus the reviews VirtualService at `istio/reviews.yaml`.
    static func start(
        files: [String: String], configuration: ReconcilerConfiguration = ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10),
        subsets: [String] = ["v1", "v2"], prometheusURL: URL? = nil, stampMetricsSamples: Bool = false,
        wrap: (@Sendable (GitOrigin, any GitRepository) -> any GitRepository)? = nil, signer: (any CommitSigner)? = nil
    ) async throws -> ReconcilerHarness {
        var all = files
        all["istio/reviews.yaml"] = all["istio/reviews.yaml"] ?? virtualService(subsets)
        let seeded = all
        let origin = try await offPool { try GitOrigin(files: seeded) }
        let daemon = try await GitDaemonServer.start(serving: origin)
        let workspace = try TemporaryDirectory(prefix: "iter8-reconciler")
        let liveVirtualService = workspace.file("live-virtualservice.yaml")
        try (all["istio/reviews.yaml"] ?? "").write(to: liveVirtualService, atomically: true, encoding: .utf8)
        var options = Playground.Options(
            workspace: workspace.url, clusterManifests: [fixtures.appendingPathComponent("cluster").path, liveVirtualService.path],
            repositoryContents: [], remoteURL: daemon.url, timeScale: 1, requestsPerSecond: 50, seed: 3,
            reconciler: configuration)
        if let wrap { options.wrapRepository = { wrap(origin, $0) } }
        options.prometheusURL = prometheusURL
        options.stampMetricsSamples = stampMetricsSamples
        options.signer = signer
        let playground = try await Playground.start(options)
        return ReconcilerHarness(origin: origin, daemon: daemon, workspace: workspace, playground: playground)
    }

    /// Steps until `key` reaches `phase` (or fails after `maxSteps`), returning every pass's report.
    @discardableResult
    func run(until key: String, is phase: ExperimentPhase, seconds: Double = 10, maxSteps: Int = 40) async throws -> [PassReport] {
        var reports: [PassReport] = []
        for _ in 0..<maxSteps {
            let report = try await playground.step(simulatedSeconds: seconds)
            reports.append(report)
            if let failure = report.failure, failure.stage != .publish { throw TestSupportError("pass failed: \(failure)") }
            if report.experiments.first(where: { $0.key == key })?.phase == phase { return reports }
        }
        let last = reports.last?.experiments.first { $0.key == key }
        throw TestSupportError(
            "\(key) did not reach \(phase.rawValue) in \(maxSteps) steps; it is \(last?.phase.rawValue ?? "unknown"): "
                + "\(last?.events.joined(separator: "; ") ?? "") \(last?.specErrors ?? []) "
                + "(last pass: \(reports.last?.failure.map { "\($0)" } ?? "ok"), experiments \(reports.last?.experiments.map(\.key) ?? []))")
    }

    /// What ``runApplyingCommitted(_:maxSteps:)`` saw: every pass's report, each text of the manifest it applied
    /// (in order), and whether the experiment completed.
    struct GitOpsToolRun {
        var reports: [PassReport] = []
        var applied: [String] = []
        var completed = false
    }

    /// Steps as the git apply mode needs it, standing in for the GitOps tool (Argo CD, Flux): after every pass the
    /// manifest at `path` at origin's head is applied to the Sandbox when it changed, until the (first) experiment
    /// completes or `maxSteps` passes have run.
    func runApplyingCommitted(_ path: String, maxSteps: Int = 40) async throws -> GitOpsToolRun {
        var run = GitOpsToolRun()
        for _ in 0..<maxSteps {
            let report = try await playground.step(simulatedSeconds: 10)
            run.reports.append(report)
            let manifest = try await show(path)
            if run.applied.last != manifest {
                let file = workspace.file("applied-\(run.applied.count).yaml")
                try manifest.write(to: file, atomically: true, encoding: .utf8)
                _ = try await SandboxManifests.apply(paths: [file.path], to: playground.server.store)
                run.applied.append(manifest)
            }
            if report.experiments.first?.phase == .completed {
                run.completed = true
                break
            }
        }
        return run
    }

    /// `git` in the origin, off the cooperative thread pool (the CLI blocks while it runs).
    func git(_ arguments: [String]) async throws -> String {
        let bare = origin.bare
        return try await Shell.git(arguments, in: bare)
    }

    /// A file at the head of origin's branch.
    func show(_ path: String) async throws -> String {
        let origin = origin
        return try await offPool { try origin.show(path) }
    }

    /// Origin's head.
    func head() async throws -> String {
        let origin = origin
        return try await offPool { try origin.head() }
    }

    /// Another writer's commit of `files`, pushed to origin.
    @discardableResult
    func push(files: [String: String], message: String) async throws -> String {
        let origin = origin
        return try await offPool { try origin.pushFromAnotherWriter(files: files, message: message) }
    }

    /// The commits on origin's branch, newest first, with their messages.
    func originLog() async throws -> [(id: String, message: String)] {
        let text = try await git(["log", "--format=%H%x00%B%x01", origin.branch])
        return text.split(separator: "\u{01}").compactMap { record in
            let parts = record.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\u{00}", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// The weights of the live reviews route, by subset.
    func liveWeights() async throws -> [String: Int] {
        let object = try await playground.client.get(.virtualService("v1"), namespace: "bookinfo", name: "reviews")
        var weights: [String: Int] = [:]
        for destination in object["spec"]?["http"]?[0]?["route"]?.arrayValue ?? [] {
            if let subset = destination["destination"]?["subset"]?.stringValue {
                weights[subset] = Int(destination["weight"]?.integerValue ?? 0)
            }
        }
        return weights
    }

    /// Deletes `path` in a commit pushed by another writer.
    func deleteFromAnotherWriter(_ path: String, message: String = "Delete the experiment") async throws {
        let origin = origin
        try await offPool {
            let clone = try origin.cloneWorkingCopy(named: "deleter-\(UUID().uuidString.prefix(8))")
            try Shell.gitBlocking(["rm", "--quiet", path], in: clone)
            try Shell.gitBlocking(["commit", "--quiet", "-m", message], in: clone)
            try Shell.gitBlocking(["push", "--quiet", "origin", "HEAD:refs/heads/\(origin.branch)"], in: clone)
        }
    }

    func stop() async { await playground.stop() }

    /// An experiment file on the reviews route. `mode` sets `spec.duration.mode`: the default (none) is adaptive
    /// with `bayes`, so a decisive verdict may end the experiment before `iterations`; `fixed` runs exactly those.
    static func experiment(
        name: String, pattern: String = "Canary", candidates: [String] = ["reviews-v2"], iterations: Int = 6,
        objectives: String = """
            - metric: iter8-istio/mean-latency
              upperLimit: 100
            - metric: iter8-istio/error-rate
              upperLimit: "0.02"
            """,
        reward: String? = nil, extra: String = "", mode: DurationMode? = nil
    ) -> String {
        let versions = ["reviews-v1"] + candidates
        func version(_ name: String) -> String {
            "name: \(name)\n      variables:\n      - name: namespace\n        value: bookinfo"
        }
        return """
            apiVersion: iter8.tools/v2alpha2
            kind: Experiment
            metadata:
              name: \(name)
              namespace: bookinfo
            spec:
              target: bookinfo/reviews
              strategy:
                testingPattern: \(pattern)
                deploymentPattern: Progressive
                weights:
                  maxCandidateWeight: 100
                  maxCandidateWeightIncrement: 30
              criteria:
                requestCount: iter8-istio/request-count
                objectives:
            \(objectives.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
            \(reward.map { "    rewards:\n    - metric: \($0)\n      preferredDirection: High" } ?? "")
              duration:
                intervalSeconds: 10
                iterationsPerLoop: \(iterations)\(mode.map { "\n    mode: \($0.rawValue)" } ?? "")
              versionInfo:
                baseline:
                  \(version("reviews-v1"))
                candidates:
            \(candidates.map { "    - " + version($0) }.joined(separator: "\n"))
              routing:
                virtualService:
                  name: reviews
                route: reviews-route
                destinations:
            \(versions.map { "      \($0): {subset: \($0.split(separator: "-").last!)}" }.joined(separator: "\n"))
            \(extra)
            """
    }
}
