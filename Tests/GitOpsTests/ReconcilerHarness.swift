import Experiments
import Foundation
import Git
import GitOps
import Playground
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
    static let virtualService = (try? String(contentsOf: fixtures.appendingPathComponent("virtualservice.yaml"), encoding: utf8Encoding)) ?? ""
    static var utf8Encoding: String.Encoding { .utf8 }

    init(origin: GitOrigin, daemon: GitDaemonServer, workspace: TemporaryDirectory, playground: Playground) {
        self.origin = origin
        self.daemon = daemon
        self.workspace = workspace
        self.playground = playground
    }

    /// Starts with `files` (repository path → text) plus the reviews VirtualService at `istio/reviews.yaml`.
    static func start(
        files: [String: String], configuration: ReconcilerConfiguration = ReconcilerConfiguration(
            identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10)
    ) async throws -> ReconcilerHarness {
        var all = files
        all["istio/reviews.yaml"] = all["istio/reviews.yaml"] ?? virtualService
        let origin = try GitOrigin(files: all)
        let daemon = try await GitDaemonServer.start(serving: origin)
        let workspace = try TemporaryDirectory(prefix: "iter8-reconciler")
        let playground = try await Playground.start(
            Playground.Options(
                workspace: workspace.url, clusterManifests: [fixtures.appendingPathComponent("cluster").path],
                repositoryContents: [], remoteURL: daemon.url, timeScale: 1, requestsPerSecond: 50, seed: 3,
                reconciler: configuration))
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
                + "\(last?.events.joined(separator: "; ") ?? "")")
    }

    /// The commits on origin's branch, newest first, with their messages.
    func originLog() throws -> [(id: String, message: String)] {
        let text = try Shell.git(["log", "--format=%H%x00%B%x01", origin.branch], in: origin.bare)
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

    func stop() async { await playground.stop() }

    /// An experiment file on the reviews route.
    static func experiment(
        name: String, pattern: String = "Canary", candidates: [String] = ["reviews-v2"], iterations: Int = 6,
        objectives: String = """
            - metric: iter8-istio/mean-latency
              upperLimit: 100
            - metric: iter8-istio/error-rate
              upperLimit: "0.02"
            """,
        reward: String? = nil, extra: String = ""
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
                iterationsPerLoop: \(iterations)
              versionInfo:
                baseline:
                  \(version("reviews-v1"))
                candidates:
            \(candidates.map { "    - " + version($0).replacingOccurrences(of: "\n      ", with: "\n        ") }.joined(separator: "\n"))
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
