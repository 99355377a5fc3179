import Experiments
import Foundation

/// `--record-digest [N]`: times the digests of a compacted status record on a typical full ``IterationRecord``
/// (a canary of 2 versions, 4 metrics, the bayes engine's real result, 14 recorded PromQL queries: about 9.5 KB of
/// canonical JSON): the `recordDigest` (canonical bytes and their SHA-256), the canonical bytes alone, SHA-256
/// alone, and Foundation's `JSONEncoder` with the canonical settings for comparison. Prints the best of 5 rounds of
/// N calls each.
enum RecordDigestBench {
    /// A latency histogram of `count` requests, most between 50 and 200 ms.
    static func latency(count: Double) -> Histogram {
        let shares = [0.1, 0.3, 0.4, 0.16, 0.04, 0]
        let bounds = [50.0, 100, 200, 400, 800, .infinity]
        let mids = [25.0, 75, 150, 300, 600, 800]
        var cumulative = 0.0
        var sum = 0.0
        var buckets: [HistogramBucket] = []
        for (share, (bound, mid)) in zip(shares, zip(bounds, mids)) {
            cumulative += share * count
            sum += share * count * mid
            buckets.append(HistogramBucket(upperBound: bound, cumulativeCount: cumulative))
        }
        return Histogram(buckets: buckets, sum: sum, count: count)
    }

    static func version(_ name: String, requests: Double, errors: Double) -> VersionData {
        VersionData(name: name, requestCount: requests, observations: [
            "error-rate": .counts(events: errors, trials: requests),
            "mean-latency": .histogram(latency(count: requests)),
            "p95-latency": .histogram(latency(count: requests)),
            "cpu": .gauge(value: 31.5, sampleSize: 60),
        ])
    }

    /// The typical record: iteration 12 of a reviews canary, assessed by bayes.
    static func record() throws -> IterationRecord {
        let input = AnalysisInput(
            versions: [version("reviews-v1", requests: 10_000, errors: 20), version("reviews-v2", requests: 2_480, errors: 7)],
            testingPattern: .canary,
            metrics: [
                MetricDescriptor(name: "error-rate", kind: .ratio),
                MetricDescriptor(name: "mean-latency", kind: .meanFromHistogram),
                MetricDescriptor(name: "p95-latency", kind: .percentile(95)),
                MetricDescriptor(name: "cpu", kind: .gauge),
            ],
            objectives: [
                Objective(metric: "error-rate", upperLimit: 0.01, rollbackOnFailure: true),
                Objective(metric: "mean-latency", upperLimit: 250),
                Objective(metric: "p95-latency", upperLimit: 600),
            ],
            settings: AnalysisSettings(seed: Seeds.iteration(12, base: Seeds.base(from: "bookinfo/reviews-canary@0123abcd")),
                                       currentWeights: [80, 20]))
        let result = try BayesEngine().assess(input)
        let roles = ["error-rate": ["events", "trials"], "mean-latency": ["sum", "count"], "p95-latency": ["buckets"], "cpu": ["value", "count"]]
        let queries = ["reviews-v1", "reviews-v2"].flatMap { version in
            roles.sorted { $0.key < $1.key }.flatMap { metric, metricRoles in
                metricRoles.map { role in
                    QueryRecord(
                        version: version, metric: metric, role: role,
                        query: "sum(increase(istio_requests_total{reporter=\"source\",destination_workload=\"\(version)\","
                            + "destination_workload_namespace=\"bookinfo\",response_code=~\"5..\"}[720s])) or on() vector(0)",
                        value: metric == "cpu" ? 31.5 : 2480.25)
                }
            }
        }
        return IterationRecord(
            number: 12, time: Date(timeIntervalSince1970: 1_800_000_720.25), elapsedSeconds: 720,
            weightsBefore: ["reviews-v1": 80, "reviews-v2": 20], queries: queries, input: input, result: result)
    }

    /// Best of 5 rounds of `calls` calls of `body`, in microseconds per call.
    static func time(_ calls: Int, _ body: () -> Int) -> (microseconds: Double, sink: Int) {
        var best = Double.infinity
        var sink = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for _ in 0..<calls { sink &+= body() }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            best = min(best, seconds * 1e6 / Double(calls))
        }
        return (best, sink)
    }

    static func run(calls: Int) throws {
        let record = try record()
        let bytes = StatusDigest.canonicalJSON(record)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        let reference = try [UInt8](encoder.encode(record))
        print("record-digest: a full IterationRecord of \(bytes.count) canonical bytes (2 versions, 4 metrics, \(record.queries.count) queries);",
              "best of 5 rounds of \(calls) calls")
        print("canonical bytes identical to JSONEncoder's: \(bytes == reference)   recordDigest \(StatusDigest.label(bytes))")
        var sink = 0
        for (name, body) in [
            ("recordDigest (label of canonicalJSON)", { StatusDigest.label(StatusDigest.canonicalJSON(record)).utf8.count }),
            ("canonicalJSON", { StatusDigest.canonicalJSON(record).count }),
            ("label (SHA-256 + hex) of the bytes", { StatusDigest.label(bytes).utf8.count }),
            ("JSONEncoder, canonical settings", { ((try? encoder.encode(record)) ?? Data()).count }),
        ] as [(String, () -> Int)] {
            let (microseconds, checksum) = time(calls, body)
            sink &+= checksum
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0), String(format: "%8.2f µs/call", microseconds))
        }
        print("(checksum \(sink))")
    }
}
