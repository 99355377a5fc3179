import Experiments
import Foundation

/// Builders for state-machine tests: a canary experiment, machines in each phase, analysis results.
enum StateMachineFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func canary(onTermination: OnTermination = .toWinner, pattern: DeploymentPattern = .progressive) throws -> Experiment {
        var experiment = try requireExperimentImpl(SpecFixtures.canary(specExtra: #""duration": {"intervalSeconds": 10, "iterationsPerLoop": 3}"#))
        experiment.promotion.onTermination = onTermination
        experiment.deploymentPattern = pattern
        return experiment
    }

    static func conformance() throws -> Experiment {
        try requireExperimentImpl(SpecFixtures.canary(
            strategy: #"{"testingPattern": "Conformance"}"#, specExtra: #""duration": {"intervalSeconds": 10, "iterationsPerLoop": 2}"#,
            candidates: "[]"))
    }

    static func requireExperimentImpl(_ json: String) throws -> Experiment {
        guard let experiment = ExperimentValidator.validate(try SpecFixtures.document(json)).experiment else {
            throw FixtureError("fixture spec is invalid")
        }
        return experiment
    }

    /// A machine driven to `phase` through the public events only.
    static func machine(in phase: ExperimentPhase, experiment: Experiment? = nil) throws -> ExperimentStateMachine {
        var machine = ExperimentStateMachine(experiment: try experiment ?? canary(), state: .new(at: t0))
        if phase == .waiting { return machine }
        _ = machine.handle(.targetChecked(ownsTarget: true, queuedBehind: nil), at: t0)
        if phase == .initializing { return machine }
        _ = machine.handle(.versionsChecked(VersionsCheck(ready: true, message: "2/2 ready", currentWeights: ["reviews-v1": 100, "reviews-v2": 0])), at: t0)
        if phase == .running { return machine }
        if phase == .paused {
            _ = machine.handle(.manualOverride(ManualOverride(action: .pause)), at: t0)
            return machine
        }
        if phase == .awaitingMerge { machine.reviewDefault = .always }
        _ = machine.handle(.manualOverride(ManualOverride(action: .terminate)), at: t0)
        if phase == .finishing { return machine }
        if phase == .awaitingMerge {
            _ = machine.handle(.reviewOpened(ReviewRequest(number: 1, url: "https://forge/pull/1", branch: "iter8/x", state: .open)), at: t0)
            return machine
        }
        _ = machine.handle(.pushSucceeded(commit: "abc123"), at: t0)
        return machine
    }

    static func result(
        weights: [String: Int] = ["reviews-v1": 80, "reviews-v2": 20], winner: String? = nil, held: Bool = false,
        rollback: String? = nil, decision: ExperimentDecision? = nil
    ) -> AnalysisResult {
        AnalysisResult(
            engine: "test", seed: 1, sampleCount: 100, testingPattern: .canary, confidence: 0.95, winnerThreshold: 0.95,
            versions: [], bestVersion: winner,
            winner: WinnerAssessment(found: winner != nil, version: winner, probability: winner == nil ? nil : 0.99, reason: "test"),
            recommendedVersionForPromotion: winner ?? "reviews-v1",
            rollback: RollbackAssessment(recommended: rollback != nil, reason: rollback),
            traffic: TrafficRecommendation(
                policy: .progressive,
                weights: weights.sorted { $0.key < $1.key }.map { VersionWeight(version: $0.key, weight: $0.value, proposed: Double($0.value), current: 0) },
                held: held, reason: held ? "no data for reviews-v2" : "progressive"),
            decision: decision)
    }

    /// An adaptive canary: 3 planned iterations of 10 s, promotion after `minIterations`, extension to `maxIterations`.
    static func adaptiveCanary(minIterations: Int = 2, maxIterations: Int = 5, mode: String = "adaptive") throws -> Experiment {
        let bounds = mode == "adaptive" ? #", "minIterations": \#(minIterations), "maxIterations": \#(maxIterations)"# : ""
        return try requireExperimentImpl(SpecFixtures.canary(
            specExtra: #""duration": {"intervalSeconds": 10, "iterationsPerLoop": 3, "mode": "\#(mode)"\#(bounds)}"#))
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
