import Experiments
import Foundation
import GitOps
import Playground
import Testing
import TestSupport

/// A canary on a Gateway API HTTPRoute end to end: a real git server, the Sandbox over HTTPS routing the mesh by
/// the HTTPRoute, the simulated mesh's query API; the same reconciler as for VirtualServices, through the
/// HTTPRoute routing plug-in.
@Suite(.serialized) struct ReconcilerHTTPRouteTests {
    /// The HTTPRoute as the repository keeps it: comments, flow style and quoting the promotion must keep.
    static let httpRoute = """
        # The reviews HTTPRoute, kept by the platform team.
        # iter8 rewrites only the weights of rule `canary`; comments and layout stay.
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          parentRefs:
          - {group: "", kind: Service, name: reviews, port: 9080}
          rules:
          - name: canary   # the rule experiments move
            backendRefs:
            - name: reviews-v1
              port: 9080
              weight: 100
            - name: "reviews-v2"
              port: 9080
              weight: 0    # the candidate
            timeouts: {request: 10s}

        """

    /// A Service per version: the HTTPRoute's backends.
    static let services = ["v1", "v2"].map { version in
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: reviews-\(version)
          namespace: bookinfo
        spec:
          selector: {app: reviews, version: \(version)}
          ports:
          - port: 9080

        """
    }.joined(separator: "---\n")

    /// The harness's canary with its routing on the HTTPRoute's rule `canary` (backendRefs named after the versions).
    static func experiment(extra: String = "") -> String {
        let text = ReconcilerHarness.experiment(name: "reviews-canary")
        let head = text.components(separatedBy: "  routing:\n")[0]
        return head + """
              routing:
                httpRoute:
                  name: reviews
                rule: canary

            """ + extra.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0 + "\n" }.joined()
    }

    /// A reconciler over an origin holding the experiment and the HTTPRoute at `gateway/reviews.yaml`, and a Sandbox
    /// with the harness's workloads, the versions' Services and the same HTTPRoute live.
    static func start(experiment: String = experiment()) async throws -> ReconcilerHarness {
        let files = ["experiments/reviews-canary.yaml": experiment, "gateway/reviews.yaml": httpRoute]
        let origin = try await offPool { try GitOrigin(files: files) }
        let daemon = try await GitDaemonServer.start(serving: origin)
        let workspace = try TemporaryDirectory(prefix: "iter8-httproute")
        let live = workspace.file("live-httproute.yaml")
        try (services + "---\n" + httpRoute).write(to: live, atomically: true, encoding: .utf8)
        let options = Playground.Options(
            workspace: workspace.url,
            clusterManifests: [ReconcilerHarness.fixtures.appendingPathComponent("cluster").path, live.path],
            repositoryContents: [], remoteURL: daemon.url, timeScale: 1, requestsPerSecond: 50, seed: 3,
            reconciler: ReconcilerConfiguration(identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10))
        let playground = try await Playground.start(options)
        return ReconcilerHarness(origin: origin, daemon: daemon, workspace: workspace, playground: playground)
    }

    /// The weights of the live HTTPRoute's rule `canary`, by backendRef name.
    func liveWeights(_ harness: ReconcilerHarness) async throws -> [String: Int] {
        let object = try await harness.playground.client.get(.httpRoute("v1"), namespace: "bookinfo", name: "reviews")
        var weights: [String: Int] = [:]
        for backendRef in object["spec"]?["rules"]?[0]?["backendRefs"]?.arrayValue ?? [] {
            weights[backendRef["name"]?.stringValue ?? ""] = Int(backendRef["weight"]?.integerValue ?? 1)
        }
        return weights
    }

    @Test func canaryOnAnHTTPRouteIsPromotedInACommitThatChangesOnlyWeights() async throws {
        let harness = try await Self.start()
        defer { Task { await harness.stop() } }
        let reports = try await harness.run(until: "bookinfo/reviews-canary", is: .completed)
        let summary = try #require(reports.last?.experiments.first)
        #expect(summary.finish?.kind == .promotion)
        #expect(summary.finish?.version == "reviews-v2")
        #expect(try await liveWeights(harness) == ["reviews-v1": 0, "reviews-v2": 100])
        // Traffic moved in steps on the way: the live weights were read by the HTTPRoute router every iteration.
        let candidateWeights = reports.compactMap { $0.experiments.first?.weights.first { $0.version == "reviews-v2" }?.weight }
        #expect(candidateWeights.contains { (1...99).contains($0) }, "weights of reviews-v2 over the passes: \(candidateWeights)")

        // One promotion commit, touching only the HTTPRoute manifest, and in it only the two weight values.
        let log = try await harness.originLog()
        let promotions = log.filter { $0.message.contains("Iter8-Action: promotion") }
        #expect(promotions.count == 1)
        let promotion = try #require(promotions.first)
        #expect(promotion.message.hasPrefix("iter8: promote reviews-v2 in bookinfo/reviews-canary"))
        let files = try await harness.git(["show", "--name-only", "--format=", promotion.id])
        #expect(files.trimmingCharacters(in: .whitespacesAndNewlines) == "gateway/reviews.yaml")
        #expect(try await changedLines(harness, promotion.id) == [
            "-      weight: 100", "+      weight: 0",
            "-      weight: 0    # the candidate", "+      weight: 100    # the candidate",
        ])
        let manifest = try await harness.show("gateway/reviews.yaml")
        #expect(manifest == Self.httpRoute.replacingOccurrences(of: "weight: 100\n", with: "weight: 0\n")
            .replacingOccurrences(of: "weight: 0    # the candidate", with: "weight: 100    # the candidate"))

        let status = try await harness.show(StatusPaths.status("experiments/reviews-canary"))
        #expect(status.contains("phase: Completed"))
        #expect(status.contains("finishCommit: \(promotion.id)"))
    }

    /// The lines a commit removes and adds (`-`/`+`) in the HTTPRoute manifest, without the file headers.
    func changedLines(_ harness: ReconcilerHarness, _ commit: String) async throws -> [String] {
        let diff = try await harness.git(["show", "--format=", "--unified=0", commit, "--", "gateway/reviews.yaml"])
        return diff.split(separator: "\n").map(String.init).filter {
            ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---")
        }
    }

    @Test func gitApplyModeCommitsEveryHTTPRouteSplitAsWeightsOnlyEdits() async throws {
        let harness = try await Self.start(experiment: Self.experiment(extra: "  promotion:\n    applyMode: git"))
        defer { Task { await harness.stop() } }
        let run = try await harness.runApplyingCommitted("gateway/reviews.yaml")
        #expect(run.completed)
        #expect(run.applied.count >= 3, "every split is a commit of the HTTPRoute for the GitOps tool")
        #expect(try await liveWeights(harness) == ["reviews-v1": 0, "reviews-v2": 100])
        // Every commit that touched the HTTPRoute (with the status files, in git mode) changed its weight values and
        // nothing else in it.
        let log = try await harness.git(["log", "--format=%H", "--", "gateway/reviews.yaml"])
        let commits = log.split(separator: "\n").map(String.init).dropLast()  // the last is the seed
        #expect(commits.count >= 2)
        for commit in commits {
            let lines = try await changedLines(harness, commit)
            #expect(!lines.isEmpty && lines.allSatisfy { $0.dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("weight: ") }, "\(lines)")
        }
    }
}
