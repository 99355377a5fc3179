import Experiments
import Foundation
import GitOps
import Testing
import TestSupport

/// The hostile corpus (`Fixtures/hostile`, written by its `generate.py`): hundreds of Experiment, Metric,
/// status and manifest files a careless or hostile committer could push — numbers at and past their limits,
/// NaN and infinities, odd names, encodings, nesting, aliases and sizes. `iter8 validate` is the service's
/// gate, so each file must get exactly the exit code and message `expectations.tsv` names, in bounded time;
/// and every experiment it accepts must run through the service's pure core (state machine, analysis input,
/// engine, report) to its end without a trap or a hang.
@Suite("The hostile corpus")
struct HostileCorpusTests {
    static let folder = JSONSchemaChecker.repository.appendingPathComponent("Tests/GitOpsTests/Fixtures/hostile")

    /// One line of `expectations.tsv`.
    struct Expectation: Sendable, CustomStringConvertible {
        var file: String
        var command: String
        var exitCode: Int32
        /// A substring the output must contain, or nil when the file must be accepted.
        var message: String?

        var description: String { file }
    }

    static func expectations() throws -> [Expectation] {
        let text = try String(contentsOf: folder.appendingPathComponent("expectations.tsv"), encoding: .utf8)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let code = Int32(fields[2]) else {
                throw TestSupportError("expectations.tsv: malformed line \(line)")
            }
            return Expectation(file: fields[0], command: fields[1], exitCode: code, message: fields[3] == "-" ? nil : fields[3])
        }
    }

    /// What the command printed for one file.
    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    /// The longest a single file may take: a hang is a failure, not a stuck test run.
    static let perFileSeconds = 30

    /// Runs `iter8 <command> <file>` in the corpus folder under `timeout`, on a thread of its own.
    static func run(_ expectation: Expectation) async throws -> Outcome {
        let timeout = try RequiredTool.path("timeout", package: "coreutils")
        let iter8 = try BuiltExecutable.path("iter8")
        let finished = try await offPool {
            try Shell.capture(
                timeout, ["--signal=KILL", "\(perFileSeconds)", iter8, expectation.command, expectation.file],
                directory: folder, mergeErrors: true)
        }
        return Outcome(status: finished.status, output: finished.output)
    }

    @Test("the corpus has at least 200 files and every file has an expectation")
    func corpusIsComplete() throws {
        let expectations = try Self.expectations()
        #expect(expectations.count >= 200)
        let listed = Set(expectations.map(\.file))
        #expect(listed.count == expectations.count, "a file is listed twice")
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.folder.path))
        let files = Set(enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") })
        #expect(files == listed, "files without expectations: \(files.subtracting(listed).sorted()), missing: \(listed.subtracting(files).sorted())")
        #expect(expectations.filter { $0.message == nil }.count >= 50, "the corpus accepts a good share of its files too")
    }

    @Test("iter8 validate gives every file its expected exit code and message, without a crash or a hang")
    func validateAnswersEveryFile() async throws {
        let expectations = try Self.expectations()
        let outcomes = try await withThrowingTaskGroup(of: (Expectation, Outcome).self) { group in
            var results: [(Expectation, Outcome)] = []
            var pending = expectations[...]
            for _ in 0..<4 {
                guard let next = pending.popFirst() else { break }
                group.addTask { (next, try await Self.run(next)) }
            }
            while let result = try await group.next() {
                results.append(result)
                if let next = pending.popFirst() { group.addTask { (next, try await Self.run(next)) } }
            }
            return results
        }
        #expect(outcomes.count == expectations.count)
        for (expectation, outcome) in outcomes.sorted(by: { $0.0.file < $1.0.file }) {
            // The file's own name must not be what satisfies a message.
            let output = outcome.output.replacingOccurrences(of: expectation.file, with: "FILE")
            #expect(outcome.status != 137, "\(expectation.file) did not finish in \(Self.perFileSeconds) s")
            #expect(
                outcome.status == expectation.exitCode,
                "\(expectation.file): exit \(outcome.status), expected \(expectation.exitCode)\n\(output.prefix(2000))")
            if let message = expectation.message {
                #expect(output.contains(message), "\(expectation.file): no \"\(message)\" in\n\(output.prefix(2000))")
            } else if expectation.command == "validate" {
                #expect(output.contains(", 0 errors"), "\(expectation.file) must be accepted:\n\(output.prefix(2000))")
            }
        }
    }

    @Test("every experiment validate accepts runs through the state machine, the engine and the report to its end")
    func acceptedExperimentsRunToTheEnd() async throws {
        let accepted = try Self.expectations().filter { $0.command == "validate" && $0.exitCode == 0 }
        let runs = try await withThrowingTaskGroup(of: [CoreRun.Summary].self) { group in
            for chunk in stride(from: 0, to: accepted.count, by: 8).map({ Array(accepted[$0..<min($0 + 8, accepted.count)]) }) {
                group.addTask {
                    try chunk.flatMap { expectation in try CoreRun.experiments(in: Self.folder.appendingPathComponent(expectation.file)) }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(runs.count >= 50, "accepted experiments run: \(runs.count)")
        for run in runs {
            #expect(run.finished, "\(run.file) \(run.experiment): still \(run.phase) after \(run.steps) steps")
            #expect(run.markdownBytes > 0 && run.svgBytes > 0, "\(run.file) \(run.experiment): empty report")
            #expect(run.iterations > 0 || run.terminatedBySpec, "\(run.file) \(run.experiment): no iteration was assessed: \(run.note)")
        }
        // Adaptive runs end early on a decisive verdict (a failure at once, a winner after minIterations, 3 by
        // default), so the guard against trivially short runs is an average of at least three iterations.
        #expect(runs.map(\.iterations).reduce(0, +) >= 3 * runs.count, "most runs assess several iterations")
    }
}

/// Drives an accepted experiment the way the service does, with synthetic metric values in place of
/// Prometheus and an immediate cluster: target and versions ready, each iteration's input built by
/// ``AnalysisInputBuilder`` and assessed by the experiment's engine, weights applied, the finish committed,
/// and the report rendered from the resulting status.
enum CoreRun {
    /// How one experiment's run ended.
    struct Summary: Sendable {
        var file: String
        var experiment: String
        var finished: Bool
        var phase: String
        var steps: Int
        /// Iterations assessed by the engine.
        var iterations: Int
        /// Whether the spec ends the experiment by itself (a terminate override), before any iteration.
        var terminatedBySpec: Bool
        /// How it ended, and the last engine error if any.
        var note: String
        var markdownBytes: Int
        var svgBytes: Int
    }

    /// The most iterations a run assesses; the rest of a long experiment is ended by a terminate override.
    static let iterationCap = 50

    /// Runs every valid experiment of the file at `url` (its own Metric documents resolved, as validate does).
    static func experiments(in url: URL) throws -> [Summary] {
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else { return [] }
        var set = SpecSet()
        set.add(SpecLoader().load(text, file: url.lastPathComponent))
        set.resolveMetrics()
        let catalog = MetricCatalog(set.metrics)
        return set.experiments.map { entry in
            run(entry.experiment, metrics: catalog.resolve(entry.experiment).metrics, file: url.lastPathComponent)
        }
    }

    static func run(_ experiment: Experiment, metrics: [String: MetricDefinition], file: String) -> Summary {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        var now = start
        var machine = ExperimentStateMachine(experiment: experiment, state: .new(at: now))
        var records: [IterationRecord] = []
        let cap = min(experiment.totalIterations, iterationCap)
        var actions = machine.handle(.targetChecked(ownsTarget: true, queuedBehind: nil), at: now)
        var live = Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, $0.name == experiment.baseline.name ? 100 : 0) })
        actions += machine.handle(.versionsChecked(VersionsCheck(ready: true, message: "ready", currentWeights: live)), at: now)
        var steps = 0
        var lastError = ""
        let terminal: Set<ExperimentPhase> = [.completed]
        while !terminal.contains(machine.state.phase), steps < 10 * cap + 100 {
            steps += 1
            var next: [ExperimentAction] = []
            var waited = false
            for action in actions {
                switch action {
                case .setWeights(let split):
                    live = split
                    next += machine.handle(.weightsApplied(split), at: now)
                case .runIteration(let number):
                    let seed = Seeds.iteration(number, base: experiment.analysis.seed ?? 7)
                    let input = AnalysisInputBuilder.input(
                        for: experiment, metrics: metrics, observations: observations(experiment, metrics, number: number),
                        requestCounts: Dictionary(uniqueKeysWithValues: experiment.versions.map { ($0.name, 1000.0 * Double(number)) }),
                        currentWeights: machine.state.weights, seed: seed)
                    do {
                        let result = try AnalysisEngines.engine(experiment.analysis.engine).assess(input)
                        records.append(
                            IterationRecord(
                                number: number, time: now, elapsedSeconds: Int(now.timeIntervalSince(start)),
                                weightsBefore: machine.state.weights, queries: [], input: input, result: result))
                        next += machine.handle(.iterationAssessed(result), at: now)
                    } catch {
                        lastError = "\(error)"
                        next += machine.handle(.iterationFailed(.of(error, calling: .analysis)), at: now)
                    }
                    if records.count >= cap, !terminal.contains(machine.state.phase), machine.state.phase != .finishing {
                        next += machine.handle(.manualOverride(ManualOverride(action: .terminate)), at: now)
                    }
                case .promote, .rollBack:
                    next += machine.handle(.pushSucceeded(commit: String(format: "%040x", steps)), at: now)
                case .openReview:  // a spec asking for pull requests: its request is merged at once
                    next += machine.handle(.reviewOpened(ReviewRequest(number: 1, url: "u", branch: "b", state: .merged)), at: now)
                case .checkReview:
                    next += machine.handle(.reviewObserved(.merged), at: now)
                case .restoreWeights:
                    break
                case .requeue(let seconds):
                    now = now.addingTimeInterval(Double(max(seconds, 1)))
                    waited = true
                }
            }
            if next.isEmpty && !waited { now = now.addingTimeInterval(Double(experiment.duration.intervalSeconds)) }
            if next.isEmpty { next += machine.handle(.timePassed, at: now) }
            actions = next
        }
        let status = ExperimentStatus(
            experiment: ExperimentIdentity(name: experiment.name, namespace: experiment.namespace, target: experiment.target),
            specRevision: "0123abcd", seed: experiment.analysis.seed ?? 7, state: machine.state, iterations: records)
        let renderer = ReportRenderer()
        return Summary(
            file: file, experiment: experiment.name, finished: terminal.contains(machine.state.phase),
            phase: machine.state.phase.rawValue, steps: steps, iterations: records.count,
            terminatedBySpec: experiment.manualOverride?.action == .terminate,
            note: "\(machine.state.finish?.reason ?? "unfinished") \(lastError)",
            markdownBytes: renderer.markdown(for: status, chartFile: "report.svg").utf8.count,
            svgBytes: renderer.svg(for: status).utf8.count)
    }

    /// Plausible values for every metric of every version: the candidates a little better each iteration.
    static func observations(
        _ experiment: Experiment, _ metrics: [String: MetricDefinition], number: Int
    ) -> [String: [String: Observation]] {
        var result: [String: [String: Observation]] = [:]
        for (index, version) in experiment.versions.enumerated() {
            let requests = 1000.0 * Double(number)
            for (reference, metric) in metrics {
                let value: Observation =
                    switch AnalysisInputBuilder.kind(of: metric) {
                    case .counter: .counter(requests * (1 + 0.01 * Double(index)))
                    case .ratio: .counts(events: requests * 0.001 / Double(index + 1), trials: requests)
                    default: .gauge(value: 50 / Double(index + 1), sampleSize: requests)
                    }
                result[version.name, default: [:]][reference] = value
            }
        }
        return result
    }
}
