import ArgumentParser
import Experiments
import Foundation
import Git
import GitOps
import Logging
import Playground

/// `iter8 demo`: the embedded default. A local bare repository seeded from `samples/demo`, the Sandbox
/// cluster with a simulated mesh at a time scale, and the reconciler running against both until every
/// experiment has ended; then the rollout history from `git log`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the reconciler on a local repository and the Sandbox cluster: canaries promoted and rolled back, an A/B/n.",
        discussion: """
            Seeds a bare Git repository with samples/demo (VirtualServices, DestinationRules, a Gateway API HTTPRoute, \
            Services, Deployments and experiments), starts the Sandbox API server and its simulated mesh, and runs \
            the reconciler until \
            every experiment has completed. Prints a progress line per experiment, then the rollout history and \
            the path of a report.
            """)

    @Option(help: "The demo content (default: samples/demo next to the working directory or the executable).")
    var samples: String?

    @Option(help: "Workspace folder (default: a new temporary folder).")
    var workspace: String?

    @Option(help: "Simulated seconds per real second.")
    var timeScale: Double = 25

    @Option(help: "Give up after this many real seconds.")
    var timeout: Double = 120

    @Flag(help: "Keep the workspace and the Sandbox running after the demo (until Ctrl-C), and print how to use them.")
    var keep = false

    @Flag(help: "Print the reconciler's log lines too.")
    var verbose = false

    func validate() throws {
        guard timeScale > 0, timeScale.isFinite else { throw ValidationError("--time-scale must be positive") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let content = try Self.locateSamples(samples)
        let folder = URL(fileURLWithPath: workspace ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("iter8-demo-\(UUID().uuidString.prefix(8))").path)
        var logger = Logger(label: "iter8.demo")
        logger.logLevel = verbose ? .info : .critical
        let started = Date()
        print("iter8 demo: workspace \(folder.path)")
        let playground = try await Playground.start(
            Playground.Options(
                workspace: folder, clusterManifests: [content.appendingPathComponent("cluster").path],
                repositoryContents: [
                    .init(source: content.appendingPathComponent("cluster").path, destination: "cluster"),
                    .init(source: content.appendingPathComponent("experiments").path, destination: "experiments"),
                ],
                timeScale: timeScale, requestsPerSecond: 50, seed: 7,
                reconciler: ReconcilerConfiguration(
                    identity: CommitIdentity(name: "iter8", email: "iter8@example.com"), pollIntervalSeconds: 10)),
            logger: logger)
        print("repository: \(playground.remoteURL)  cluster: \(playground.server.url.absoluteString) (Sandbox, \(Self.format(timeScale))× time)")
        let driver = Task { await playground.mesh.run(tick: .milliseconds(20)) }
        // The deadline holds even in the middle of a pass (one pass over hundreds of experiments can outlast it).
        let outcome = await Deadline.run(
            until: started.addingTimeInterval(timeout), message: "the experiments did not finish within \(Self.format(timeout)) s"
        ) { try await Self.runUntilDone(playground, started: started) }
        driver.cancel()
        await driver.value
        let checkout = folder.appendingPathComponent("repo")
        if keep || (try? outcome.get()) != nil {
            _ = try? SeedRepository.git(["clone", "--quiet", playground.remoteURL, checkout.path], in: nil)
        }
        switch outcome {
        case .success(let summaries):
            print("")
            print("Rollout history, its decisions (git log of \(playground.remoteURL); `iter8 history` lists the status commits too):")
            let head = try await playground.repository.fetch(branch: "main")
            let commits = try await playground.repository.log(from: head, limit: 200)
            let decisions = RolloutHistory.entries(from: commits).filter { $0.action != Iter8Action.status.rawValue }
            print(RolloutHistory.text(decisions), terminator: "")
            print("")
            for summary in summaries {
                print("report: \(checkout.appendingPathComponent(summary.reportPath).path)")
            }
            print(String(format: "done in %.1f s", Date().timeIntervalSince(started)))
        case .failure(let error):
            print("demo failed: \(error)")
        }
        if keep {
            print("")
            print("The workspace stays at \(folder.path). While this runs:")
            print("  kubectl --kubeconfig \(playground.kubeconfigPath) get virtualservices,httproutes -n bookinfo -o yaml")
            print("  git -C \(checkout.path) log --stat")
            print("Press Ctrl-C to stop the Sandbox.")
            fflush(nil)
            await SignalWaiter([SIGINT, SIGTERM]).wait()
        }
        await playground.stop()
        if !keep { try? FileManager.default.removeItem(at: folder) }
        if case .failure = outcome { throw ExitCode.failure }
    }

    /// Passes until every experiment has completed, printing a line whenever one changes; the caller bounds it.
    static func runUntilDone(_ playground: Playground, started: Date) async throws -> [ExperimentSummary] {
        var printed: [String: String] = [:]
        while true {
            try Task.checkCancellation()
            let report = await playground.reconciler.pass()
            try Task.checkCancellation()
            if let failure = report.failure { print("pass failed: \(failure)") }
            for summary in report.experiments {
                let line = Self.progressLine(summary)
                if printed[summary.key] != line {
                    printed[summary.key] = line
                    print(String(format: "[%5.1fs] ", Date().timeIntervalSince(started)) + line)
                }
            }
            fflush(nil)
            if !report.experiments.isEmpty, report.experiments.allSatisfy({ $0.phase == .completed }) {
                return report.experiments
            }
            try await playground.clock.sleep(seconds: min(report.requeueSeconds ?? 5, 5))
        }
    }

    static func progressLine(_ summary: ExperimentSummary) -> String {
        let name = summary.key.padding(toLength: max(26, summary.key.count), withPad: " ", startingAt: 0)
        let phase = summary.phase.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
        let iteration = "iteration \(summary.completedIterations)/\(summary.totalIterations.map(String.init) ?? "?")"
        let weights = summary.weights.map { "\($0.version)=\($0.weight)" }.joined(separator: " ")
        var line = "\(name) \(phase) \(iteration.padding(toLength: 15, withPad: " ", startingAt: 0)) \(weights)"
        if let finish = summary.finish {
            line += "  → \(finish.kind.rawValue): \(finish.reason)"
        } else if let assessment = summary.assessment {
            line += "  | \(assessment)"
        }
        if let error = summary.specErrors.first { line += "  invalid: \(error)" }
        return line
    }

    static func locateSamples(_ given: String?) throws -> URL {
        let files = FileManager.default
        var candidates: [URL] = []
        if let given { candidates.append(URL(fileURLWithPath: given)) }
        candidates.append(URL(fileURLWithPath: files.currentDirectoryPath).appendingPathComponent("samples/demo"))
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("samples/demo"))
            candidates.append(directory.appendingPathComponent("share/iter8/samples/demo"))
            directory = directory.deletingLastPathComponent()
        }
        for candidate in candidates where files.fileExists(atPath: candidate.appendingPathComponent("experiments").path) {
            return candidate
        }
        throw ValidationError(
            "cannot find the demo content (samples/demo with cluster/ and experiments/); give it with --samples PATH")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
