import Experiments
import Foundation

/// The decision-quality benchmark: `swift run -c release iter8-decisions [--runs N] [--seed S] [--filter SUBSTRING]
/// [--json PATH] [--engines bayes,iter8-v1,stepper,v2-rules] [--check]`. See README.md beside this file.
let options: BenchOptions
do {
    options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}

if options.selfCheck {
    print("iter8-decisions --self-check: the traffic model against its ground truth")
    exit(SelfCheck.run() ? 0 : 1)
}

let scenarios = ScenarioCatalog.all().filter { options.filter.map($0.name.contains) ?? true }
if options.list {
    for pattern in [Scenario.Pattern.canary, .abn, .conformance] {
        guard let scenario = scenarios.first(where: { $0.pattern == pattern }) else { continue }
        for engine in [AnalysisEngineKind.bayes, .iter8V1] {
            do {
                let spec = try LoadedSpec.load(scenario, engine: engine)
                if options.showSpecs { print(spec.text) }
                let duration = spec.experiment.duration
                print("\(pattern.rawValue) spec, \(engine.rawValue): \(duration.intervalSeconds) s intervals, \(duration.mode.rawValue), "
                      + "iterations min \(duration.minIterations) / planned \(duration.plannedIterations) / max \(duration.maxIterations)"
                      + (spec.warnings.isEmpty ? "" : "; warnings: \(spec.warnings.joined(separator: "; "))"))
            } catch {
                print("\(pattern.rawValue) spec, \(engine.rawValue): \(error)")
            }
        }
    }
    for scenario in scenarios {
        let versions = scenario.versions.map { v in
            String(format: "err %.4f mean %.1f p95 %.1f conv %.4f → %@", v.errorRate, v.latency.trueMean,
                   v.latency.trueQuantile(0.95), v.conversionRate, scenario.truth(of: v).rawValue)
        }
        print("\(scenario.name) [\(scenario.pattern.rawValue), \(scenario.latencyObjective.rawValue), \(scenario.rps) rps, "
              + "\(scenario.shape.rawValue)] truth \(scenario.truth.rawValue)")
        for line in versions { print("    \(line)") }
    }
    exit(0)
}

let started = ContinuousClock.now
let runner: BenchRunner
do {
    runner = try BenchRunner(scenarios: scenarios, options: options)
} catch {
    FileHandle.standardError.write(Data("iter8-decisions: \(error)\n".utf8))
    exit(1)
}
print("iter8-decisions: \(scenarios.count) scenarios × \(options.runs) runs, engines \(options.engines.map(\.rawValue).joined(separator: ",")), "
      + "seed \(options.seed), \(options.threads) threads")
let results = runner.run(progress: !options.quiet)
let elapsed = ContinuousClock.now - started
let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let report = BenchReport(options: options, wallSeconds: wall, results: results)
for line in report.lines() { print(line) }
print(String(format: "wall time %.1f s", wall))
if let path = options.json {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    do {
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    } catch {
        FileHandle.standardError.write(Data("iter8-decisions: cannot write \(path): \(error)\n".utf8))
        exit(1)
    }
}
exit(options.check && report.goals.contains { $0.passed == false } ? 1 : 0)
