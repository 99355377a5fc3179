/// iter8 v2's point rules (`iter8-analytics-anchor.md`, "v2 (rules)"): a fixed `iterationsPerLoop` iterations;
/// each checks every version's cumulative point values against the limits (a missing value fails). Canary: the
/// candidate is best when it satisfies every objective, else the baseline; A/B/n: the best reward among versions
/// satisfying every objective (a tie: several best, no winner). Weights: 10 % spread evenly plus 90 % over the
/// best versions (all to the baseline when none), then per candidate the excess over the previous weight +
/// `maxCandidateWeightIncrement` (or over `maxCandidateWeight`) goes to the baseline; the run starts from the
/// live split (all traffic on the baseline), as etc3 did. At the end the winner is promoted (the baseline winning,
/// or no winner, rolls back). An iteration whose metrics do not answer is skipped (not counted).
struct V2RulesRun {
    let spec: LoadedSpec
    let scenario: Scenario
    let simulator: TrafficSimulator

    /// Runs the fixed duration and classifies the end.
    func run() -> RunOutcome {
        let experiment = spec.experiment
        let interval = Double(experiment.duration.intervalSeconds)
        let count = experiment.versions.count
        var weights = (0..<count).map { $0 == 0 ? 100 : 0 }
        var cumulative = [VersionCounts](repeating: VersionCounts(), count: count)
        var completed = 0
        var slot = 0
        var feasible = [Bool](repeating: false, count: count)
        var best: [Int] = []
        while completed < experiment.totalIterations && slot < MachineRun.iterationCap {
            let counts = simulator.traffic(slot: slot, seconds: interval, weights: weights)
            for index in 0..<count { cumulative[index] += counts[index] }
            slot += 1
            if scenario.inOutage(atSeconds: Double(slot) * interval, interval: interval) { continue }
            completed += 1
            feasible = cumulative.map { ObjectiveCheck.satisfied(spec, $0) }
            best = bestVersions(feasible: feasible, cumulative: cumulative)
            if scenario.pattern != .conformance { weights = nextWeights(best: best, current: weights) }
        }
        let served = cumulative.map(\.requests)
        guard completed == experiment.totalIterations else {
            return RunOutcome(verdict: .capped, finalVersion: nil, trigger: "cap", intervals: slot, served: served)
        }
        switch scenario.pattern {
        case .conformance:
            return RunOutcome(verdict: feasible[0] ? .passed : .failure, finalVersion: nil, trigger: "completed", intervals: slot, served: served)
        case .canary:
            let verdict: RunOutcome.Verdict = feasible[1] ? .promoted : .failure
            return RunOutcome(verdict: verdict, finalVersion: feasible[1] ? 1 : 0, trigger: "completed", intervals: slot, served: served)
        case .abn:
            let winner = best.count == 1 ? best[0] : nil
            let verdict: RunOutcome.Verdict = winner.map { $0 == 0 ? .failure : .promoted } ?? .inconclusive
            return RunOutcome(verdict: verdict, finalVersion: winner, trigger: "completed", intervals: slot, served: served)
        }
    }

    /// The best versions by v2's winner rules.
    func bestVersions(feasible: [Bool], cumulative: [VersionCounts]) -> [Int] {
        switch scenario.pattern {
        case .conformance:
            return feasible[0] ? [0] : []
        case .canary:
            return feasible[1] ? [1] : feasible[0] ? [0] : []
        case .abn:
            guard let reward = spec.experiment.criteria.reward?.metric.description else { return [] }
            let values = cumulative.indices.map { feasible[$0] ? ObjectiveCheck.value(reward, spec, cumulative[$0]) : nil }
            guard let top = values.compactMap({ $0 }).max() else { return [] }
            return values.indices.filter { values[$0] == top }
        }
    }

    /// v2's weights: the 10/90 mix, capped per candidate relative to the current split, rounded to whole points.
    func nextWeights(best: [Int], current: [Int]) -> [Int] {
        let count = current.count
        var mix = [Double](repeating: 10.0 / Double(count), count: count)
        if best.isEmpty {
            mix[0] += 90
        } else {
            for index in best { mix[index] += 90 / Double(best.count) }
        }
        let caps = spec.experiment.weightCaps
        for candidate in 1..<count {
            let excess = max(0, mix[candidate] - Double(current[candidate]) - Double(caps.maxCandidateWeightIncrement),
                             mix[candidate] - Double(caps.maxCandidateWeight))
            mix[candidate] -= excess
            mix[0] += excess
        }
        // Largest remainder (ties to the earlier version) for whole points summing to 100.
        var whole = mix.map { Int($0.rounded(.down)) }
        let order = mix.indices.sorted { (mix[$0] - Double(whole[$0]), -$0) > (mix[$1] - Double(whole[$1]), -$1) }
        for index in order.prefix(100 - whole.reduce(0, +)) { whole[index] += 1 }
        return whole
    }
}
