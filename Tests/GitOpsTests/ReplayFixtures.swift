import Experiments
import Foundation

/// Long experiments for the compaction and replay tests: iterations with the engine's real results, the
/// queries the service records (about 10 KB a record in YAML, as in production), times with a fraction of a
/// second (as the clock gives them).
enum ReplayFixtures {
    /// 2027-01-15T08:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Three assessed inputs (the anchor's canary with different counts), cycled by iteration number.
    static let assessed: [(input: AnalysisInput, result: AnalysisResult)] = (0..<3).compactMap { variant in
        let input = ReplayTests.input(seed: Seeds.iteration(variant + 1, base: 7), errors: 20 + 10 * Double(variant))
        return (try? BayesEngine().assess(input)).map { (input, $0) }
    }

    /// The record of iteration `number` (assessed at `start + 60 × number + 0.25` seconds).
    static func record(_ number: Int) -> IterationRecord {
        let pair = assessed[number % assessed.count]
        let queries = ["reviews-v1", "reviews-v2"].flatMap { version in
            ["error-rate", "mean-latency"].flatMap { metric in
                ["value", "events", "trials", "sum", "count"].map { role in
                    QueryRecord(
                        version: version, metric: metric, role: role,
                        query: "sum(increase(istio_requests_total{reporter=\"source\",destination_workload=\"\(version)\","
                            + "destination_workload_namespace=\"bookinfo\",response_code=~\"5..\"}[\(60 * number)s])) or on() vector(0)",
                        value: Double(number * 17 % 1000))
                }
            }
        }
        return IterationRecord(
            number: number, time: start.addingTimeInterval(Double(60 * number) + 0.25), elapsedSeconds: 60 * number,
            weightsBefore: ["reviews-v1": 80, "reviews-v2": 20], queries: queries, input: pair.input, result: pair.result)
    }

    /// A running experiment with iterations 1…`count`, none compacted.
    static func status(iterations count: Int) -> ExperimentStatus {
        var state = ExperimentState.new(at: start)
        state.phase = .running
        state.completedIterations = count
        state.weights = ["reviews-v1": 80, "reviews-v2": 20]
        return ExperimentStatus(
            experiment: ExperimentIdentity(
                name: "reviews-canary", namespace: "bookinfo", target: "bookinfo/reviews", specPath: "experiments/reviews.yaml"),
            specRevision: "0123abcd", seed: 7, state: state, iterations: count > 0 ? (1...count).map(record) : [])
    }
}
