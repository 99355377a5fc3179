import Dispatch
import Experiments
import Foundation

/// Runs every (scenario, engine, run) job on `threads` workers and tallies the outcomes in job order, so the
/// figures do not depend on the number of threads or on scheduling.
struct BenchRunner: Sendable {
    /// One run of one engine on one scenario.
    struct Job: Sendable {
        var scenario: Int
        var engine: EngineKind
        var run: Int
    }

    let scenarios: [Scenario]
    /// Per scenario, the loaded spec of each engine (the baselines read the `bayes` spec's limits and schedule).
    let specs: [[EngineKind: LoadedSpec]]
    let options: BenchOptions

    init(scenarios: [Scenario], options: BenchOptions) throws {
        self.scenarios = scenarios
        self.options = options
        var cache: [String: LoadedSpec] = [:]
        specs = try scenarios.map { scenario in
            var byEngine: [EngineKind: LoadedSpec] = [:]
            for engine in EngineKind.allCases {
                let kind = engine.analysisEngine ?? .bayes
                let key = "\(scenario.pattern.rawValue)|\(scenario.latencyObjective.rawValue)|\(kind.rawValue)"
                if cache[key] == nil { cache[key] = try LoadedSpec.load(scenario, engine: kind) }
                byEngine[engine] = cache[key]
            }
            return byEngine
        }
    }

    var jobs: [Job] {
        var list: [Job] = []
        for (index, scenario) in scenarios.enumerated() {
            for engine in options.engines where engine.runs(scenario.pattern) {
                for run in 0..<options.runs { list.append(Job(scenario: index, engine: engine, run: run)) }
            }
        }
        return list
    }

    /// One job's outcome.
    func execute(_ job: Job) -> RunOutcome {
        let scenario = scenarios[job.scenario]
        let simulator = TrafficSimulator(scenario: scenario, seed: options.seed, run: job.run)
        let spec = specs[job.scenario][job.engine]!
        switch job.engine {
        case .bayes, .iter8V1:
            let baseSeed = Seeds.base(from: "\(options.seed)/\(scenario.name)/\(job.run)")
            var run = MachineRun(spec: spec, scenario: scenario, simulator: simulator, baseSeed: baseSeed)
            return run.run()
        case .stepper:
            return StepperRun(spec: spec, scenario: scenario, simulator: simulator, parameters: options.stepper).run()
        case .v2Rules:
            return V2RulesRun(spec: spec, scenario: scenario, simulator: simulator).run()
        }
    }

    /// Every job's outcome, tallied per engine and scenario (engines in option order, scenarios in catalog order).
    func run(progress: Bool) -> [(engine: EngineKind, tallies: [ScenarioTally])] {
        let jobs = self.jobs
        let board = JobBoard(count: jobs.count)
        let start = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: max(1, options.threads)) { _ in
            while let index = board.take() {
                board.store(index, execute(jobs[index]))
                if progress, let done = board.milestone() {
                    let seconds = Double((ContinuousClock.now - start).components.seconds)
                    FileHandle.standardError.write(Data("  \(done) % of \(jobs.count) runs after \(Int(seconds)) s\n".utf8))
                }
            }
        }
        let outcomes = board.outcomes()
        return options.engines.map { engine in
            var tallies = scenarios.map { ScenarioTally($0) }
            for (index, job) in jobs.enumerated() where job.engine == engine {
                tallies[job.scenario].add(outcomes[index], scenarios[job.scenario])
            }
            return (engine, tallies.filter { $0.runs > 0 })
        }
    }
}

/// The shared job counter and result slots of ``BenchRunner``'s workers.
final class JobBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var done = 0
    private var reported = 0
    private var results: [RunOutcome?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// The next job index, or nil when all are taken.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ index: Int, _ outcome: RunOutcome) {
        lock.lock()
        results[index] = outcome
        done += 1
        lock.unlock()
    }

    /// A percentage to report when the completed share just crossed another 10 %.
    func milestone() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let percent = done * 100 / max(1, results.count)
        guard percent / 10 > reported / 10 else { return nil }
        reported = percent
        return percent
    }

    func outcomes() -> [RunOutcome] { results.map { $0! } }
}
