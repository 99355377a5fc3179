import Experiments
import Foundation
import Testing
import YAML

@Suite("Replay of a committed status file")
struct ReplayTests {
    /// The anchor's canary case (2 versions × 2 metrics) as counts and histograms, with `errors` events of the
    /// candidate's error rate.
    static func input(seed: UInt64, errors: Double = 45) -> AnalysisInput {
        func latency(_ count: Double, mean: Double) -> Observation {
            .histogram(Histogram(
                buckets: [
                    HistogramBucket(upperBound: 100, cumulativeCount: count * 0.1),
                    HistogramBucket(upperBound: 250, cumulativeCount: count * 0.8),
                    HistogramBucket(upperBound: 500, cumulativeCount: count * 0.99),
                    HistogramBucket(upperBound: .infinity, cumulativeCount: count),
                ], sum: mean * count, count: count))
        }
        return AnalysisInput(
            versions: [
                VersionData(name: "reviews-v1", requestCount: 5000, observations: [
                    "mean-latency": latency(5000, mean: 212.5), "error-rate": .counts(events: 20, trials: 5000),
                ]),
                VersionData(name: "reviews-v2", requestCount: 4800, observations: [
                    "mean-latency": latency(4800, mean: 231), "error-rate": .counts(events: errors, trials: 4800),
                ]),
            ],
            testingPattern: .canary,
            metrics: [MetricDescriptor(name: "mean-latency", kind: .meanFromHistogram), MetricDescriptor(name: "error-rate", kind: .ratio)],
            objectives: [Objective(metric: "mean-latency", upperLimit: 250), Objective(metric: "error-rate", upperLimit: 0.01)],
            settings: AnalysisSettings(seed: seed, currentWeights: [80, 20]))
    }

    /// The canary case's one iteration, assessed by `engine`.
    static func status(engine: any AnalysisEngine, seed: UInt64 = 7) throws -> ExperimentStatus {
        let input = input(seed: Seeds.iteration(1, base: seed))
        let result = try engine.assess(input)
        let record = IterationRecord(
            number: 1, time: Date(timeIntervalSince1970: 1_800_000_010), elapsedSeconds: 10,
            weightsBefore: ["reviews-v1": 80, "reviews-v2": 20], queries: [], input: input, result: result)
        return ExperimentStatus(
            experiment: ExperimentIdentity(name: "reviews-canary", namespace: "bookinfo", target: "bookinfo/reviews"),
            specRevision: "0123abcd", seed: seed, state: .new(at: Date(timeIntervalSince1970: 1_800_000_000)),
            iterations: [record])
    }

    @Test(arguments: ["bayes", "iter8-v1"])
    func reproducesEveryDecisionFromTheYAMLFile(engineName: String) throws {
        let engine = try #require(AnalysisEngines.byName[engineName])
        let text = try YAMLEncoder().encode(try Self.status(engine: engine))
        let decoded = try YAMLDecoder(unknownFields: .error).decode(ExperimentStatus.self, from: text, file: "status.yaml")
        let verdicts = Replay.verify(decoded, engines: AnalysisEngines.byName)
        #expect(verdicts.map(\.identical) == [true], "\(verdicts)")
        #expect(try YAMLEncoder().encode(decoded) == text)  // the file itself round-trips byte for byte
    }

    @Test func aTamperedInputIsCaught() throws {
        var status = try Self.status(engine: BayesEngine())
        status.iterations[0].input.versions[1].observations["error-rate"] = .counts(events: 200, trials: 4800)
        let verdicts = Replay.verify(status, engines: AnalysisEngines.byName)
        #expect(verdicts.first?.identical == false)
        #expect(verdicts.first?.detail?.contains("recorded") == true)
    }

    @Test func anUnknownEngineIsReported() throws {
        var status = try Self.status(engine: BayesEngine())
        status.iterations[0].result.engine = "magic"
        #expect(Replay.verify(status, engines: AnalysisEngines.byName).first?.detail?.contains("unknown engine \"magic\"") == true)
    }
}
