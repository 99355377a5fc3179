/// The Flagger-style baseline: the candidate starts at `stepWeight`; each interval checks the objectives on that
/// interval's data alone (error rate, mean latency or the interval histogram's p95, against the spec's limits;
/// a candidate without requests, or metrics that do not answer, fail the check). A pass adds `stepWeight`
/// (a pass at `maxWeight` promotes); a fail holds the weight and counts, and `threshold` failed checks roll back.
struct StepperRun {
    /// Flagger's knobs.
    struct Parameters: Sendable, Codable {
        var stepWeight = 10
        var maxWeight = 50
        var threshold = 5
    }

    let spec: LoadedSpec
    let scenario: Scenario
    let simulator: TrafficSimulator
    let parameters: Parameters

    /// Runs to promotion or rollback (or the cap).
    func run() -> RunOutcome {
        let interval = Double(spec.experiment.duration.intervalSeconds)
        var weight = parameters.stepWeight
        var failedChecks = 0
        var served = [0.0, 0.0]
        for slot in 0..<MachineRun.iterationCap {
            let counts = simulator.traffic(slot: slot, seconds: interval, weights: [100 - weight, weight])
            served[0] += counts[0].requests
            served[1] += counts[1].requests
            let answered = !scenario.inOutage(atSeconds: Double(slot + 1) * interval, interval: interval)
            let passed = answered && counts[1].requests > 0 && ObjectiveCheck.satisfied(spec, counts[1])
            if passed {
                if weight >= parameters.maxWeight {
                    return RunOutcome(verdict: .promoted, finalVersion: 1, trigger: "promoted", intervals: slot + 1, served: served)
                }
                weight = min(parameters.maxWeight, weight + parameters.stepWeight)
            } else {
                failedChecks += 1
                if failedChecks >= parameters.threshold {
                    return RunOutcome(verdict: .failure, finalVersion: 0, trigger: "failedChecks", intervals: slot + 1, served: served)
                }
            }
        }
        return RunOutcome(verdict: .capped, finalVersion: nil, trigger: "cap", intervals: MachineRun.iterationCap, served: served)
    }
}
