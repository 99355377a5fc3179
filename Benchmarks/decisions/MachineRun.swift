import Experiments
import Foundation

/// One run of the project's own pure core, driven as `GitOps.ExperimentRunner` drives it: the state machine's
/// events in the reconciler's order (`targetChecked`, `versionsChecked`, then `timePassed` whenever a requeue is
/// due), each `runIteration` answered by measuring the simulated mesh (cumulative since the start, through
/// ``SimulatedPrometheus``), `AnalysisInputBuilder` and the spec's engine, each `setWeights` applied at once (the
/// `cluster` apply mode), and the finish pushed. Simulated time only; no I/O.
struct MachineRun {
    /// The benchmark's safety net: a run stops after this many iterations.
    static let iterationCap = 400

    let spec: LoadedSpec
    let scenario: Scenario
    let simulator: TrafficSimulator
    /// The status file's seed (`Seeds.iteration(n, base:)` derives each iteration's).
    let baseSeed: UInt64

    private var machine: ExperimentStateMachine
    private var now: Date
    private var startedAt: Date
    private var weights: [Int]
    private var cumulative: [VersionCounts]
    private var trafficSeconds = 0.0
    private var wake: Date?
    private var iterations = 0
    private var failedIterations = 0
    private var pushed = false

    init(spec: LoadedSpec, scenario: Scenario, simulator: TrafficSimulator, baseSeed: UInt64) {
        self.spec = spec
        self.scenario = scenario
        self.simulator = simulator
        self.baseSeed = baseSeed
        now = Date(timeIntervalSince1970: 1_767_225_600)
        startedAt = now
        machine = ExperimentStateMachine(experiment: spec.experiment, state: .new(at: now))
        weights = spec.experiment.versions.indices.map { $0 == 0 ? 100 : 0 }
        cumulative = [VersionCounts](repeating: VersionCounts(), count: spec.experiment.versions.count)
    }

    var interval: Double { Double(spec.experiment.duration.intervalSeconds) }
    var names: [String] { spec.experiment.versions.map(\.name) }

    /// Runs the experiment to its end (or the cap) and classifies it.
    mutating func run() -> RunOutcome {
        process(machine.handle(.targetChecked(ownsTarget: true, queuedBehind: nil), at: now))
        let live = spec.experiment.routing == .none ? nil : Dictionary(uniqueKeysWithValues: zip(names, weights))
        process(machine.handle(.versionsChecked(VersionsCheck(ready: true, message: "every version is ready", currentWeights: live)), at: now))
        startedAt = machine.state.startedAt ?? now
        var passes = 0
        while machine.state.phase != .completed, iterations < Self.iterationCap, passes < 20 * Self.iterationCap {
            passes += 1
            let due = wake ?? now.addingTimeInterval(interval)
            wake = nil
            now = max(now, due)
            let phase = machine.state.phase
            if phase == .running {
                let live = spec.experiment.routing == .none ? nil : Dictionary(uniqueKeysWithValues: zip(names, weights))
                let check = VersionsCheck(ready: true, message: "every version is ready", currentWeights: live)
                process(machine.handle(.versionsChecked(check), at: now))
            }
            if machine.state.phase == .running || machine.state.phase == .finishing {
                process(machine.handle(.timePassed, at: now))
            } else if machine.state.phase != .completed {
                break  // paused or waiting: nothing in this simulation resumes it
            }
        }
        return outcome()
    }

    /// Carries out actions as the executor does, appending the actions each answer returns.
    private mutating func process(_ initial: [ExperimentAction]) {
        var queue = initial
        var budget = 64
        while !queue.isEmpty, budget > 0 {
            budget -= 1
            let action = queue.removeFirst()
            if case .runIteration(let number) = action {
                queue += iterate(number)
            } else if case .setWeights(let split) = action {
                weights = names.map { split[$0] ?? 0 }
                queue += machine.handle(.weightsApplied(split), at: now)
            } else if case .promote = action, !pushed {
                pushed = true
                queue += machine.handle(.pushSucceeded(commit: "0000000000000000000000000000000000000000"), at: now)
            } else if case .rollBack = action, !pushed {
                pushed = true
                queue += machine.handle(.pushSucceeded(commit: "0000000000000000000000000000000000000000"), at: now)
            } else if case .requeue(let seconds) = action {
                let at = now.addingTimeInterval(Double(seconds))
                wake = min(wake ?? at, at)
            }
            // `restoreWeights`, and any action added later, has nothing to carry out in a simulation.
        }
    }

    /// Measures and assesses iteration `number` (or fails it during an outage).
    private mutating func iterate(_ number: Int) -> [ExperimentAction] {
        iterations += 1
        advanceTraffic()
        if scenario.inOutage(atSeconds: now.timeIntervalSince(startedAt), interval: interval) {
            failedIterations += 1
            return machine.handle(
                .iterationFailed(ExternalFailure(system: .prometheus, transient: true, message: "Prometheus did not answer (simulated outage)")),
                at: now)
        }
        let measured = SimulatedPrometheus.measure(spec, counts: cumulative)
        let input = AnalysisInputBuilder.input(
            for: machine.experiment, metrics: spec.metrics, observations: measured.observations,
            requestCounts: measured.requestCounts, currentWeights: machine.state.weights,
            seed: Seeds.iteration(number, base: baseSeed))
        do {
            let result = try AnalysisEngines.engine(machine.experiment.analysis.engine).assess(input)
            return machine.handle(.iterationAssessed(result), at: now)
        } catch {
            failedIterations += 1
            return machine.handle(.iterationFailed(.of(error, calling: .analysis)), at: now)
        }
    }

    /// Adds the traffic from the last measurement until now, under the live weights, interval by interval.
    private mutating func advanceTraffic() {
        let target = now.timeIntervalSince(startedAt)
        while trafficSeconds < target - 1e-9 {
            let slot = Int((trafficSeconds / interval + 1e-9).rounded(.down))
            let end = min(Double(slot + 1) * interval, target)
            let part = Int((trafficSeconds - Double(slot) * interval).rounded())
            let counts = simulator.traffic(slot: slot, part: part, seconds: end - trafficSeconds, weights: weights)
            for index in cumulative.indices { cumulative[index] += counts[index] }
            trafficSeconds = end
        }
    }

    /// The run's verdict from `machine.state.finish`.
    private func outcome() -> RunOutcome {
        let served = cumulative.map(\.requests)
        guard machine.state.phase == .completed, let plan = machine.state.finish else {
            return RunOutcome(
                verdict: .capped, finalVersion: nil, trigger: "cap", intervals: iterations, served: served,
                failedIterations: failedIterations)
        }
        let baseline = names[0]
        let final = plan.version.flatMap { names.firstIndex(of: $0) }
        var verdict: RunOutcome.Verdict
        if scenario.pattern == .conformance {
            verdict = plan.version == baseline ? .passed
                : plan.trigger == .noDataDeadline ? .noData
                : plan.trigger == .inconclusive ? .inconclusive : .failure
        } else if plan.kind == .promotion, let version = plan.version, version != baseline {
            verdict = .promoted
        } else if plan.trigger == .objectiveFailed {
            verdict = .failure
        } else if plan.trigger == .noDataDeadline {
            verdict = .noData
        } else if plan.trigger == .inconclusive {
            verdict = .inconclusive
        } else if plan.trigger == .completed && plan.kind == .rollback {
            verdict = machine.state.winner == baseline ? .failure : .inconclusive
        } else {
            verdict = .other
        }
        let chosen = verdict == .promoted ? final : verdict == .failure && scenario.pattern != .conformance ? 0 : nil
        return RunOutcome(
            verdict: verdict, finalVersion: chosen, trigger: plan.trigger.rawValue,
            intervals: iterations, served: served, failedIterations: failedIterations)
    }
}
