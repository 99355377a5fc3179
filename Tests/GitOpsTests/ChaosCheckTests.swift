import Foundation
import Testing
import TestSupport

/// The chaos soak's check 4b (`Benchmarks/chaos/chaos.py check`: each change of a live split has its own record) on
/// small origins written for each case. A change is a restore when Git held that split at the moment the cluster
/// showed it: Git holds a status from when its commit landed (the origin's reflog), not from the commit's date, which
/// is when the pass that wrote it began — before that pass restored anything.
///
/// The history of each case: `ratings2-canary` starts at 80/20 (T+1), its iteration at T+9 records 60/40 (landed at
/// T+10), and a pass that began at T+48 records its iteration's 70/30 in a commit dated T+48 that lands later.
@Suite("The chaos soak's check of weight changes")
struct ChaosCheckTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// 2026-12-05T23:43:00Z.
    static let start = 1_796_514_180

    /// What the check printed and its exit status.
    struct Verdict {
        var status: Int32
        var output: String

        /// The check's failure lines, without their leading "  - ".
        var failures: [String] {
            output.split(separator: "\n").filter { $0.hasPrefix("  - ") }.map { String($0.dropFirst(4)) }
        }
    }

    /// Writes the origin (its last status commit landing at `T + landing`) and a watch log in which the route shows
    /// 100/0, then 80/20 (the start), then each of `shown` (seconds after T, v1's weight), and runs the check.
    static func check(landing: Int, shown: [(Double, Int)]) async throws -> Verdict {
        let folder = try TemporaryDirectory(prefix: "iter8-chaos-check")
        let origin = folder.file("origin.git")
        let clone = folder.file("clone")
        try await Shell.git(["init", "-q", "--bare", "--initial-branch", "main", origin.path])
        try await Shell.git(["-C", origin.path, "config", "core.logAllRefUpdates", "always"])
        try await Shell.git(["init", "-q", "--initial-branch", "main", clone.path])
        let experiments = clone.appendingPathComponent("experiments")
        try FileManager.default.createDirectory(at: experiments, withIntermediateDirectories: true)

        /// Commits the clone's files dated `T + date` and pushes them, landing at `T + landed`.
        func commit(_ message: String, date: Int, landed: Int) async throws {
            let git = try RequiredTool.path("git", package: "git")
            func at(_ seconds: Int) -> String { "@\(start + seconds) +0000" }
            try await Shell.git(["-C", clone.path, "add", "-A"])
            let dated = ["GIT_AUTHOR_DATE": at(date), "GIT_COMMITTER_DATE": at(date)]
            try await Shell.run(
                git, ["-C", clone.path, "commit", "-q", "-m", message],
                environment: Hermetic.gitEnvironment.merging(dated) { $1 })
            // The reflog entry takes the pusher's committer date: the moment the commit landed.
            try await Shell.run(
                git, ["-C", clone.path, "push", "-q", origin.path, "HEAD:refs/heads/main"],
                environment: Hermetic.gitEnvironment.merging(["GIT_COMMITTER_DATE": at(landed)]) { $1 })
        }
        func status(_ weights: (Int, Int), iteration: (at: Int, v1: Int)?) throws {
            var text = """
                kind: ExperimentStatus
                experiment: {name: ratings2-canary, namespace: bookinfo}
                state:
                  phase: Running
                  weights: {ratings2-v1: \(weights.0), ratings2-v2: \(weights.1)}

                """
            if let iteration {
                text += """
                    iterations:
                    - time: \(timestamp(Double(iteration.at)))
                      result:
                        traffic:
                          weights:
                          - {version: ratings2-v1, weight: \(iteration.v1)}
                          - {version: ratings2-v2, weight: \(100 - iteration.v1)}

                    """
            }
            let file = experiments.appendingPathComponent("ratings2-canary.status.yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
        }

        try """
            apiVersion: iter8.tools/v2alpha2
            kind: Experiment
            metadata: {name: ratings2-canary, namespace: bookinfo}
            spec:
              routing:
                virtualService: {name: ratings2}
                route: ratings2-route
                destinations:
                  ratings2-v1: {subset: v1}
                  ratings2-v2: {subset: v2}

            """.write(to: experiments.appendingPathComponent("ratings2-canary.yaml"), atomically: true, encoding: .utf8)
        try await commit("Seed", date: 0, landed: 0)
        let seed = try await Shell.git(["-C", clone.path, "rev-parse", "HEAD"])
        try status((80, 20), iteration: nil)
        try await commit("iter8: start", date: 1, landed: 1)
        try status((60, 40), iteration: (at: 9, v1: 60))
        try await commit("iter8: iteration at T+9", date: 9, landed: 10)
        try status((70, 30), iteration: (at: 48, v1: 70))
        try await commit("iter8: iteration at T+48", date: 48, landed: landing)

        let events = [(0.5, 100), (1.5, 80)] + shown
        let watch = try events.enumerated().map { index, event in
            let (seconds, v1) = event
            let object: [String: Any] = [
                "kind": "VirtualService",
                "metadata": ["name": "ratings2", "namespace": "bookinfo", "resourceVersion": "\(index + 1)"],
                "spec": ["http": [["name": "ratings2-route", "route": [
                    ["destination": ["host": "ratings2", "subset": "v1"], "weight": v1],
                    ["destination": ["host": "ratings2", "subset": "v2"], "weight": 100 - v1],
                ]]]],
            ]
            let line: [String: Any] = [
                "type": index == 0 ? "ADDED" : "MODIFIED", "object": object,
                "observedAt": String(timestamp(seconds).dropFirst(11).dropLast()), "observedEpoch": Double(start) + seconds,
            ]
            return String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self)
        }
        try (watch.joined(separator: "\n") + "\n").write(to: folder.file("watch.jsonl"), atomically: true, encoding: .utf8)
        try seed.write(to: folder.file("human-commits"), atomically: true, encoding: .utf8)

        let python = try RequiredTool.path("python3", package: "python3")
        let script = repository.appendingPathComponent("Benchmarks/chaos/chaos.py").path
        let arguments = [
            script, "check", "--origin", origin.path, "--human", folder.file("human-commits").path, "--watch",
            folder.file("watch.jsonl").path, "--figures", folder.file("figures").path,
        ]
        let finished = try await offPool { try Shell.capture(python, arguments, mergeErrors: true) }
        return Verdict(status: finished.status, output: finished.output)
    }

    /// `T + seconds` as a status file writes it (2026-12-05T23:43:09.000Z).
    static func timestamp(_ seconds: Double) -> String {
        let milliseconds = Int((seconds * 1000).rounded())
        let clock = 43 * 60 + milliseconds / 1000
        return String(format: "2026-12-05T23:%02d:%02d.%03dZ", clock / 60 % 60, clock % 60, milliseconds % 1000)
    }

    @Test("a pass restores 60/40 (recorded 41 s before) while its own 70/30 is still unpushed: a restore, not a failure")
    func aRestoreBeforeThePassOwnRecordLands() async throws {
        // The chaos soak that failed in CI: the restore at 23:43:50, the pass's commit dated 23:43:48 landed at 23:43:51.
        let verdict = try await Self.check(landing: 51, shown: [(50.014, 60), (51.5, 70)])
        #expect(verdict.failures == [], "\(verdict.output)")
        #expect(verdict.status == 0, "\(verdict.output)")
        #expect(verdict.output.contains("weight_changes_without_their_iteration 0"), "\(verdict.output)")
    }

    @Test("a return to a split Git no longer held fails, to the reflog's second")
    func aSplitGitNoLongerHeldIsNotARestore() async throws {
        // 70/30 landed at T+50 (a whole second in the reflog): at T+50.4 Git may still have held 60/40, at T+51.2 not.
        let verdict = try await Self.check(landing: 50, shown: [(50.4, 60), (50.6, 70), (51.2, 60)])
        #expect(verdict.status == 1, "\(verdict.output)")
        #expect(verdict.failures == [
            "bookinfo/ratings2/ratings2-route: the cluster showed {'v1': 60, 'v2': 40} (resourceVersion 5, at 23:43:51.200 UTC) "
                + "with no iteration of that pass recording it (iterations recording it: 23:43:09 UTC), "
                + "while Git held {'v1': 70, 'v2': 30}",
        ])
    }
}
