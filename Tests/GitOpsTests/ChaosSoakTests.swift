import Foundation
import Testing
import TestSupport

/// The chaos soak's short version (Benchmarks/chaos/run.sh with small parameters): `iter8 run` SIGKILLed at
/// random moments, a second writer racing on the branch, the git daemon stopped and the Kubernetes and Prometheus
/// links cut — and afterwards no human commit lost, no force push, no duplicate promotion or rollback, the
/// recorded split live, and no change of the cluster's split without the iteration record of the pass that made it.
@Suite(.serialized) struct ChaosSoakTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(.timeLimit(.minutes(8))) func shortSoakKeepsEveryInvariant() async throws {
        let binary = try BuiltExecutable.path("iter8")
        let bash = try RequiredTool.path("bash", package: "bash")
        let workspace = try TemporaryDirectory(prefix: "iter8-chaos")
        let figuresFile = workspace.file("figures")
        let script = Self.repository.appendingPathComponent("Benchmarks/chaos/run.sh").path
        let arguments = [
            script, "--experiments", "3", "--kills", "10", "--racing-commits", "50", "--git-outage", "15",
            "--api-outage", "15", "--prometheus-outage", "10", "--outage-gap", "5", "--kill-min", "2", "--kill-max", "5",
            "--targeted-kills", "3", "--seed", "11", "--duration", "300", "--quiet-timeout", "180",
        ]
        let environment = [
            "ITER8_BIN": binary, "CHAOS_WORKDIR": workspace.file("soak").path, "CHAOS_FIGURES": figuresFile.path,
        ]
        let finished = try await offPool {
            try Shell.capture(bash, arguments, environment: environment, mergeErrors: true)
        }
        let output = finished.output
        #expect(finished.status == 0, "the soak failed:\n\(output.suffix(6000))")
        let text = try String(contentsOf: figuresFile, encoding: .utf8)
        let figures = Dictionary(
            text.split(separator: "\n").compactMap { line -> (String, String)? in
                let parts = line.split(separator: "=", maxSplits: 1)
                return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
            }, uniquingKeysWith: { $1 })
        func number(_ key: String) -> Int { Int(figures[key] ?? "") ?? -1 }

        // The chaos happened as asked…
        #expect(number("kills") >= 10, "\(text)")
        #expect(number("racing_commits") >= 50, "\(text)")
        #expect(number("lost_human_commits") == 0, "\(text)")
        #expect(number("human_commits") >= 51, "\(text)")
        #expect(figures["quiet"] == "1", "\(text)")
        // …and nothing was lost, forced, duplicated or left unrecorded.
        #expect(number("force_pushes") == 0, "\(text)")
        #expect(number("branch_updates") > number("racing_commits"), "\(text)")
        #expect(number("duplicate_finishing_commits") == 0, "\(text)")
        #expect(number("completed_without_finishing_commit") == 0, "\(text)")
        #expect(number("experiments_finished") >= 3, "\(text)")
        #expect(number("experiments_compared") >= 3, "\(text)")
        #expect(number("recorded_live_mismatches") == 0, "\(text)")
        #expect(number("live_weight_changes") > 0, "\(text)")
        #expect(number("unrecorded_weight_changes") == 0, "\(text)")
        #expect(number("weight_changes_without_their_iteration") == 0, "\(text)")
        #expect(figures["result"] == "pass", "\(text)")
    }
}
