import Experiments
import Foundation
import Testing

/// Status documents for the report, status-table and history tests, built by hand from Experiments types
/// (no engine runs, so the goldens change only when the renderers do).
enum ReportFixtures {
    /// 2027-01-15T08:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// One version's line in an assessment.
    struct Line {
        var name: String
        var latency: PosteriorSummary?
        var errors: PosteriorSummary?
        var verdicts: [(Assessment, Double?)]
        var best: Double
    }

    static let objectives = [Objective(metric: "mean-latency", upperLimit: 250), Objective(metric: "error-rate", upperLimit: 0.01, rollbackOnFailure: true)]

    /// An assessed iteration of the canary objectives.
    static func record(
        _ number: Int, minutes: Int, before: [String: Int]?, after: [Int], lines: [Line], winner: String? = nil,
        held: Bool = false, trafficReason: String = "Progressive weights from the probability of being best.",
        rollback: String? = nil, pattern: TestingPattern = .canary, reward: Reward? = nil
    ) -> IterationRecord {
        let versions = lines.enumerated().map { index, line in
            VersionAssessment(
                name: line.name, isBaseline: index == 0, requestCount: line.latency == nil ? nil : Double(1000 * number),
                metrics: [
                    MetricAssessment(metric: "mean-latency", value: line.latency?.mean, sampleSize: nil, model: nil, posterior: line.latency),
                    MetricAssessment(metric: "error-rate", value: line.errors?.mean, sampleSize: nil, model: nil, posterior: line.errors),
                ],
                objectives: zip(objectives, line.verdicts).map { objective, verdict in
                    ObjectiveAssessment(
                        metric: objective.metric, upperLimit: objective.upperLimit, lowerLimit: nil, relativeToBaseline: false,
                        thresholdBreached: verdict.1.map { $0 < 0.5 }, probabilitySatisfied: verdict.1, assessment: verdict.0)
                },
                feasible: line.verdicts.allSatisfy { $0.0 == .pass }, failed: line.verdicts.contains { $0.0 == .fail },
                winProbability: line.best)
        }
        let current = lines.map { before?[$0.name] ?? 0 }
        let result = AnalysisResult(
            engine: "bayes", seed: UInt64(number), sampleCount: 10_000, testingPattern: pattern, confidence: 0.95,
            winnerThreshold: 0.95, versions: versions, bestVersion: winner,
            winner: WinnerAssessment(
                found: winner != nil, version: winner, probability: winner == nil ? nil : 0.991,
                reason: winner.map { "\($0) satisfies every objective with probability 0.991." } ?? "No version satisfies every objective with enough confidence yet."),
            recommendedVersionForPromotion: winner ?? lines[0].name,
            rollback: RollbackAssessment(recommended: rollback != nil, reason: rollback),
            traffic: TrafficRecommendation(
                policy: .progressive,
                weights: zip(lines, zip(after, current)).map { VersionWeight(version: $0.name, weight: $1.0, proposed: Double($1.0), current: $1.1) },
                held: held, reason: trafficReason))
        let input = AnalysisInput(
            versions: lines.map { VersionData(name: $0.name) }, testingPattern: pattern,
            metrics: [MetricDescriptor(name: "mean-latency", kind: .meanFromHistogram), MetricDescriptor(name: "error-rate", kind: .ratio)],
            objectives: objectives, reward: reward, settings: AnalysisSettings(currentWeights: current))
        return IterationRecord(
            number: number, time: start.addingTimeInterval(Double(60 * minutes)), elapsedSeconds: 60 * minutes,
            weightsBefore: before, queries: [], input: input, result: result)
    }

    static func summary(_ mean: Double, _ lower: Double, _ upper: Double) -> PosteriorSummary {
        PosteriorSummary(mean: mean, lower: lower, upper: upper)
    }

    static let identity = ExperimentIdentity(
        name: "reviews-canary", namespace: "bookinfo", target: "bookinfo/reviews", specPath: "experiments/reviews-canary.yaml")

    static func condition(_ type: String, _ status: String, _ reason: String, _ message: String, minutes: Int) -> Condition {
        Condition(type: type, status: status, reason: reason, message: message, lastTransitionTime: start.addingTimeInterval(Double(60 * minutes)))
    }

    /// A canary that ran four iterations (the third without data for the candidate) and promoted reviews-v2.
    static var canary: ExperimentStatus {
        let v1 = "reviews-v1", v2 = "reviews-v2"
        let records = [
            record(1, minutes: 1, before: [v1: 100, v2: 0], after: [90, 10], lines: [
                Line(name: v1, latency: summary(212.5, 208.1, 217.3), errors: summary(0.004, 0.0025, 0.0061), verdicts: [(.pass, 1), (.pass, 0.999)], best: 0.62),
                Line(name: v2, latency: summary(231, 190.2, 276.4), errors: summary(0.0094, 0.0031, 0.021), verdicts: [(.inconclusive, 0.81), (.inconclusive, 0.55)], best: 0.38),
            ]),
            record(2, minutes: 2, before: [v1: 90, v2: 10], after: [80, 20], lines: [
                Line(name: v1, latency: summary(213.1, 210.2, 216), errors: summary(0.0041, 0.003, 0.0055), verdicts: [(.pass, 1), (.pass, 1)], best: 0.55),
                Line(name: v2, latency: summary(224.8, 205.5, 245.9), errors: summary(0.0052, 0.0028, 0.0089), verdicts: [(.inconclusive, 0.94), (.pass, 0.97)], best: 0.45),
            ]),
            record(3, minutes: 3, before: [v1: 80, v2: 20], after: [80, 20], lines: [
                Line(name: v1, latency: summary(213, 210.9, 215.2), errors: summary(0.004, 0.0031, 0.0051), verdicts: [(.pass, 1), (.pass, 1)], best: 0.5),
                Line(name: v2, latency: nil, errors: nil, verdicts: [(.noData, nil), (.noData, nil)], best: 0.5),
            ], held: true, trafficReason: "No data for reviews-v2; the current weights are kept."),
            record(4, minutes: 4, before: [v1: 80, v2: 20], after: [0, 100], lines: [
                Line(name: v1, latency: summary(212.9, 211.1, 214.6), errors: summary(0.004, 0.0033, 0.0048), verdicts: [(.pass, 1), (.pass, 1)], best: 0.009),
                Line(name: v2, latency: summary(219.7, 212.4, 227.3), errors: summary(0.0047, 0.0036, 0.006), verdicts: [(.pass, 0.999), (.pass, 0.996)], best: 0.991),
            ], winner: v2),
        ]
        var state = ExperimentState.new(at: start)
        state.phase = .completed
        state.reason = "IterationsCompleted"
        state.completedIterations = 4
        state.startedAt = start
        state.lastIterationAt = records.last?.time
        state.weights = [v1: 0, v2: 100]
        state.winner = v2
        state.recommendedVersion = v2
        state.finish = FinishPlan(kind: .promotion, trigger: .completed, version: v2, split: [v1: 0, v2: 100], reason: "reviews-v2 won after 4 iterations.",
            verdict: .pass)
        state.finishCommit = "9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6"
        state.conditions = [
            condition(ConditionType.targetAcquired, "True", "TargetFree", "No other experiment runs on bookinfo/reviews.", minutes: 0),
            condition(ConditionType.versionsReady, "True", "AllReady", "reviews-v1 and reviews-v2 are ready.", minutes: 0),
            condition(ConditionType.metricsAvailable, "True", "DataForEveryVersion", "Every version has data.", minutes: 4),
            condition(ConditionType.completed, "True", "Promoted", "reviews-v2 gets all traffic | promoted.", minutes: 5),
            condition(ConditionType.concluded, "True", "Pass", "reviews-v2 won after 4 iterations.", minutes: 5),
        ]
        return ExperimentStatus(experiment: identity, specRevision: "4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f", seed: 7, state: state, iterations: records)
    }

    /// An experiment that has just been seen.
    static var empty: ExperimentStatus {
        ExperimentStatus(
            experiment: ExperimentIdentity(name: "ratings-ab", namespace: "bookinfo", target: "bookinfo/ratings"),
            specRevision: nil, seed: 42, state: .new(at: start))
    }

    /// Paused after one iteration because the spec became invalid; the errors need escaping.
    static var invalidSpec: ExperimentStatus {
        let v1 = "reviews-v1", v2 = "reviews-v2"
        let record = record(1, minutes: 1, before: [v1: 90, v2: 10], after: [85, 15], lines: [
            Line(name: v1, latency: summary(212.5, 208.1, 217.3), errors: summary(0.004, 0.0025, 0.0061), verdicts: [(.pass, 1), (.pass, 0.999)], best: 0.7),
            Line(name: v2, latency: summary(301, 280.5, 322.1), errors: summary(0.02, 0.012, 0.031), verdicts: [(.fail, 0.001), (.fail, 0.02)], best: 0.3),
        ], rollback: "reviews-v2 fails error-rate <= 0.01 (P(satisfied) = 0.020).")
        var state = ExperimentState.new(at: start)
        state.phase = .paused
        state.reason = "SpecInvalid"
        state.completedIterations = 1
        state.startedAt = start
        state.lastIterationAt = record.time
        state.weights = [v1: 90, v2: 10]
        state.pendingWeights = [v1: 85, v2: 15]
        state.noDataSince = nil
        state.conditions = [condition(ConditionType.targetAcquired, "True", "TargetFree", "<free> & clear", minutes: 0)]
        return ExperimentStatus(
            experiment: identity, specRevision: "abc1234",
            specErrors: [
                "experiments/reviews-canary.yaml:12:9: spec.versions[1].name: duplicate version \"reviews-v1\"",
                "experiments/reviews-canary.yaml:20:5: spec.criteria[0]: `upperLimit` must be > 0 | got -1 & <none>",
            ],
            seed: 7, state: state, iterations: [record])
    }
}

/// Golden files under `Fixtures/golden`: a rendering must equal its file byte for byte. Run with
/// `UPDATE_GOLDEN=1` to rewrite them after an intended change (and review the diff).
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its golden file; run with UPDATE_GOLDEN=1 and review the diff", sourceLocation: sourceLocation)
    }
}
