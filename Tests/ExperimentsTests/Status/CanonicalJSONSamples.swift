import Experiments
import Foundation

/// Seeded random values for the canonical JSON tests: iteration records, compact records and kitchen sinks
/// built from awkward strings, keys, numbers and dates (each draw is reproducible from its seed).
struct CanonicalJSONSamples {
    var random: SeededGenerator

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    /// Pieces strings are made of: every control character, the characters JSON escapes, the slash that is not
    /// escaped, DEL, non-ASCII of every UTF-8 length, emoji sequences, combining marks, RTL text and its
    /// overrides, the line and paragraph separators, a byte-order mark, a PromQL query.
    static let pieces: [String] = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + [
        "\"", "\\", "/", "//", "\u{7F}", "\u{80}", "\u{9F}", "é", "e\u{301}", "\u{212A}", "K", "ß", "İ", "ﬃ", "😀", "👩‍👩‍👧",
        "🇨🇭", "a\u{308}\u{301}", "שלום", "مرحبا", "\u{202E}", "\u{200D}", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFD}",
        "\u{10FFFF}", "日本語", " ", "abc", "reviews-v2", "0", "-1.5e+3", "true", "null", "{}", "[]", ":", ",",
        "sum(increase(istio_requests_total{reporter=\"source\",destination_workload=\"reviews-v2\",response_code=~\"5..\"}[60s]))"
            + " / sum(increase(istio_requests_total{destination_workload=\"reviews-v2\"}[60s])) or on() vector(0)",
    ]

    /// Keys for dictionaries and hand-made containers: case variants, digit runs, accents composed and decomposed,
    /// the empty key, underscores, punctuation and control characters around the ASCII letters.
    static let keys: [String] = [
        "a", "A", "b", "B", "z", "Z", "a1", "a10", "a2", "a02", "A1", "é", "e", "e\u{301}", "E", "É", "", "_", "__", "-", ".",
        "0", "1", "9", "10", "01", "~", "\u{7F}", "\n", "\t", "\u{0}", "\"", "\\", "/", " ", "a b", "aa", "aA", "Aa", "ab",
        "ä", "a\u{308}", "😀", "\u{2028}", "\u{212A}", "K", "k", "reviews-v1", "reviews-v2", "v1", "V1", "v10", "v2",
        "error-rate", "error_rate", "errorRate", "日本", "שלום", "zz", "ζ", "Ω", "\u{2126}",
    ]

    /// Doubles whose shortest form is awkward: zeros, integral values each side of 2⁵³ and 10¹⁶, exponents
    /// each side of the switch to scientific notation, subnormals, extremes, sums with rounding noise.
    static let doubles: [Double] = [
        0, -0.0, 1, -1, 3, 3.5, 0.5, 0.1, 0.2, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 100, 1e15, 1e16, -1e16, 1e17, 1e21, 1e22, 1e23,
        9_007_199_254_740_991, 9_007_199_254_740_992, 9_007_199_254_740_994, -9_007_199_254_740_991,
        -9_007_199_254_740_992, 18_014_398_509_481_984, 4_503_599_627_370_497, 999_999_999_999_999, 9_999_999_999_999_998,
        0.0001, 0.001, 1e-4, 1e-5, 1.5e-5, 1e-7, 1e-300, 1e300, 1.7976931348623157e308, .leastNonzeroMagnitude,
        -.leastNonzeroMagnitude, .leastNormalMagnitude, .leastNormalMagnitude.nextDown, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .ulpOfOne, 1 + .ulpOfOne, 1.nextDown, .pi, -.pi, 0.95,
        0.975, 0.025, 0.99999999999999989, 12.5, 1_800_000_000.25, -1_800_000_000.25, 31.5, 2480.25,
        .infinity, -.infinity, .nan, -.nan, Double(nan: 7, signaling: false), .signalingNaN,
    ] + ["123456789012345680000", "5e-324", "2.5e-324", "4.9e-324", "1e-323", "1.2345678901234567e-310"].compactMap { Double($0) }

    /// A record built by hand (no engine): a canary of two versions with a histogram, a gauge and counts, an
    /// awkward version name, a query with quotes, a date with a fraction of a second.
    static func handBuiltRecord() -> IterationRecord {
        let buckets = [HistogramBucket(upperBound: 50, cumulativeCount: 1000), HistogramBucket(upperBound: .infinity, cumulativeCount: 2480)]
        let input = AnalysisInput(
            versions: [
                VersionData(name: "reviews-v1", requestCount: 10_000, observations: [
                    "error-rate": .counts(events: 20, trials: 10_000), "latency": .histogram(Histogram(buckets: buckets, sum: 123_456.5, count: 2480)),
                ]),
                VersionData(name: "reviews/v2 \"é\"", requestCount: nil, observations: ["error-rate": .noData, "cpu": .gauge(value: 0.1 + 0.2, sampleSize: nil)]),
            ],
            testingPattern: .abTest,
            metrics: [MetricDescriptor(name: "error-rate", kind: .ratio), MetricDescriptor(name: "latency", kind: .percentile(95)),
                      MetricDescriptor(name: "cpu", kind: .gauge)],
            objectives: [Objective(metric: "error-rate", upperLimit: 0.01, rollbackOnFailure: true)],
            reward: Reward(metric: "cpu", preferredDirection: .low),
            settings: AnalysisSettings(seed: .max, currentWeights: [80, 20], tolerance: 1e-7))
        let result = AnalysisResult(
            engine: "bayes", seed: .max, sampleCount: 10_000, testingPattern: .abTest, confidence: 0.95, winnerThreshold: 0.99,
            versions: [
                VersionAssessment(
                    name: "reviews-v1", isBaseline: true, requestCount: 10_000,
                    metrics: [MetricAssessment(metric: "error-rate", value: 0.002, sampleSize: 10_000, model: "beta",
                                               posterior: PosteriorSummary(mean: 0.0021, lower: 1e-5, upper: 0.0031))],
                    objectives: [ObjectiveAssessment(metric: "error-rate", upperLimit: 0.01, lowerLimit: nil, relativeToBaseline: false,
                                                     thresholdBreached: false, probabilitySatisfied: 1, assessment: .pass)],
                    feasible: true, failed: false, winProbability: 0.25),
                VersionAssessment(name: "reviews/v2 \"é\"", isBaseline: false, requestCount: nil, metrics: [], objectives: [],
                                  feasible: false, failed: true, winProbability: -0.0),
            ],
            bestVersion: nil, winner: WinnerAssessment(found: false, version: nil, probability: nil, reason: "not yet\n"),
            recommendedVersionForPromotion: "reviews-v1", rollback: RollbackAssessment(recommended: true, reason: "error-rate > 1 %"),
            traffic: TrafficRecommendation(policy: .top2, weights: [VersionWeight(version: "reviews-v1", weight: 100, proposed: 99.99, current: 80)],
                                           held: false, reason: "rollback"),
            engineVersion: 3, decision: ExperimentDecision(outcome: .failed, reason: "A/B", requiredRequests: 1e16))
        return IterationRecord(
            number: 12, time: Date(timeIntervalSince1970: 1_800_000_720.25), elapsedSeconds: 720,
            weightsBefore: ["reviews-v1": 80, "reviews/v2 \"é\"": 20, "": 0],
            queries: [QueryRecord(version: "reviews-v1", metric: "error-rate", role: "events",
                                  query: "sum(increase(istio_requests_total{response_code=~\"5..\"}[720s])) or on() vector(0)", value: 20),
                      QueryRecord(version: "reviews-v1", metric: "cpu", role: "value", query: "", value: nil)],
            input: input, result: result)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    mutating func bits() -> UInt64 { random.next() }

    /// A string of up to `maximum` pieces (empty sometimes).
    mutating func string(_ maximum: Int = 5) -> String {
        (0..<int(0...maximum)).map { _ in pick(Self.pieces) }.joined()
    }

    /// A key: mostly from ``keys``, sometimes a random string.
    mutating func key() -> String { chance(0.8) ? pick(Self.keys) : string(3) }

    /// A double: an awkward one, a random bit pattern, an integral value (near 2⁵³ sometimes), a short decimal,
    /// or a uniform draw.
    mutating func double() -> Double {
        switch int(0...6) {
        case 0, 1: return pick(Self.doubles)
        case 2: return Double(bitPattern: bits())
        case 3:
            let base = pick([0.0, 1e3, 1e6, 1e12, 4_503_599_627_370_496, 9_007_199_254_740_992, 1e16])
            return (base + Double(int(-1000...1000))) * (chance(0.5) ? 1 : -1)
        case 4: return Double(int(-100_000...100_000)) / pick([1, 10, 100, 1000, 1e6, 3, 7])
        case 5: return Double(int(0...Int.max)) * pick([1, 1e-20, 1e-300, 1e10, 1e290])
        default: return Double.random(in: -1e6...1e6, using: &random)
        }
    }

    /// A finite double (non-finite times make JSONEncoder throw, so records never hold them).
    mutating func finiteDouble() -> Double {
        let value = double()
        return value.isFinite ? value : 0.5
    }

    mutating func optionalDouble() -> Double? { chance(0.2) ? nil : double() }

    /// A date: fractional seconds, before 1970, far away, or a random bit pattern that is finite.
    mutating func date() -> Date {
        switch int(0...4) {
        case 0: return Date(timeIntervalSince1970: 1_800_000_000 + Double(int(0...100_000)) / pick([1, 4, 10, 1000, 3]))
        case 1: return Date(timeIntervalSince1970: -Double(int(0...4_000_000_000)) - Double(int(0...999)) / 1000)
        case 2: return Date(timeIntervalSinceReferenceDate: finiteDouble())
        case 3: return pick([Date.distantPast, .distantFuture, Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0),
                             Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSince1970: 1e-7)])
        default: return Date(timeIntervalSince1970: finiteDouble())
        }
    }

    mutating func weights() -> [String: Int] {
        Dictionary((0..<int(0...5)).map { _ in (key(), int(-5...Int.max)) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func histogram() -> Histogram {
        Histogram(
            buckets: (0..<int(0...6)).map { _ in HistogramBucket(upperBound: double(), cumulativeCount: double()) },
            sum: double(), count: double())
    }

    mutating func observation() -> Observation {
        switch int(0...4) {
        case 0: return .noData
        case 1: return .counts(events: double(), trials: double())
        case 2: return .histogram(histogram())
        case 3: return .gauge(value: double(), sampleSize: optionalDouble())
        default: return .counter(double())
        }
    }

    mutating func metricKind() -> MetricKind {
        pick([.counter, .gauge, .ratio, .meanFromHistogram, .percentile(double())])
    }

    mutating func input() -> AnalysisInput {
        AnalysisInput(
            versions: (0..<int(0...4)).map { _ in
                VersionData(
                    name: key(), requestCount: optionalDouble(),
                    observations: Dictionary((0..<int(0...5)).map { _ in (key(), observation()) }, uniquingKeysWith: { first, _ in first }))
            },
            testingPattern: pick(TestingPattern.allCases),
            metrics: (0..<int(0...5)).map { _ in MetricDescriptor(name: key(), kind: metricKind()) },
            objectives: (0..<int(0...4)).map { _ in
                Objective(metric: key(), upperLimit: optionalDouble(), lowerLimit: optionalDouble(),
                          relativeToBaseline: chance(0.5), rollbackOnFailure: chance(0.5))
            },
            reward: chance(0.5) ? Reward(metric: key(), preferredDirection: chance(0.5) ? .high : .low) : nil,
            settings: AnalysisSettings(
                confidence: double(), winnerThreshold: optionalDouble(), sampleCount: int(Int.min...Int.max), seed: bits(),
                minimumRequests: double(), trafficPolicy: pick(TrafficPolicy.allCases), explorationShare: double(),
                maxCandidateWeight: double(), maxCandidateWeightIncrement: optionalDouble(),
                currentWeights: chance(0.3) ? nil : (0..<int(0...5)).map { _ in int(-100...100) }, tolerance: optionalDouble()))
    }

    mutating func posterior() -> PosteriorSummary? {
        chance(0.3) ? nil : PosteriorSummary(mean: double(), lower: double(), upper: double())
    }

    mutating func result() -> AnalysisResult {
        let assessments: [Assessment] = [.pass, .fail, .inconclusive, .noData]
        var result = AnalysisResult(
            engine: pick(["bayes", "iter8-v1", string(2)]), seed: bits(), sampleCount: int(0...100_000),
            testingPattern: pick(TestingPattern.allCases), confidence: double(), winnerThreshold: double(),
            versions: (0..<int(0...4)).map { _ in
                VersionAssessment(
                    name: key(), isBaseline: chance(0.5), requestCount: optionalDouble(),
                    metrics: (0..<int(0...4)).map { _ in
                        MetricAssessment(metric: key(), value: optionalDouble(), sampleSize: optionalDouble(),
                                         model: chance(0.5) ? string(2) : nil, posterior: posterior())
                    },
                    objectives: (0..<int(0...3)).map { _ in
                        ObjectiveAssessment(
                            metric: key(), upperLimit: optionalDouble(), lowerLimit: optionalDouble(), relativeToBaseline: chance(0.5),
                            thresholdBreached: chance(0.3) ? nil : chance(0.5), probabilitySatisfied: optionalDouble(),
                            assessment: pick(assessments), requiredSampleSize: optionalDouble())
                    },
                    feasible: chance(0.5), failed: chance(0.5), winProbability: double())
            },
            bestVersion: chance(0.5) ? key() : nil,
            winner: WinnerAssessment(found: chance(0.5), version: chance(0.5) ? key() : nil, probability: optionalDouble(), reason: string()),
            recommendedVersionForPromotion: key(),
            rollback: RollbackAssessment(recommended: chance(0.5), reason: chance(0.5) ? string() : nil),
            traffic: TrafficRecommendation(
                policy: pick(TrafficPolicy.allCases),
                weights: (0..<int(0...4)).map { _ in VersionWeight(version: key(), weight: int(-10...110), proposed: double(), current: int(0...100)) },
                held: chance(0.5), reason: string()),
            engineVersion: chance(0.5) ? int(0...5) : nil,
            decision: chance(0.5)
                ? ExperimentDecision(outcome: pick([.winner, .failed, .undecided]), reason: string(), requiredRequests: optionalDouble()) : nil)
        result.significantDigits = chance(0.3) ? int(1...17) : nil
        return result
    }

    /// A full iteration record of awkward content.
    mutating func iterationRecord() -> IterationRecord {
        IterationRecord(
            number: int(Int.min...Int.max), time: date(), elapsedSeconds: int(-1...Int.max),
            weightsBefore: chance(0.3) ? nil : weights(),
            queries: (0..<int(0...8)).map { _ in
                QueryRecord(version: key(), metric: key(), role: pick(["value", "events", "trials", "sum", "count", "buckets", string(1)]),
                            query: string(4), value: optionalDouble())
            },
            input: input(), result: result())
    }

    /// A compact record of an awkward record, with its fields drawn again (the chain digest left as computed).
    mutating func compactRecord() -> CompactIterationRecord {
        var compact = CompactIterationRecord(iterationRecord(), previousDigest: chance(0.5) ? "" : string(2))
        compact.weightsBefore = chance(0.3) ? nil : weights()
        compact.weightsAfter = weights()
        compact.winnerProbability = optionalDouble()
        compact.engine = string(2)
        compact.time = date()
        if chance(0.5) {
            compact.keyMetric?.versions.append(CompactMetricValue(version: key(), value: optionalDouble(), posterior: posterior()))
        }
        return compact
    }

    /// A kitchen sink of every container and scalar kind.
    mutating func kitchenSink(depth: Int = 0) -> KitchenSink {
        KitchenSink(
            int: int(Int.min...Int.max), int8: .random(in: .min ... .max, using: &random), int16: .random(in: .min ... .max, using: &random),
            int32: .random(in: .min ... .max, using: &random), int64: .random(in: .min ... .max, using: &random),
            uint: .random(in: .min ... .max, using: &random), uint8: .random(in: .min ... .max, using: &random),
            uint16: .random(in: .min ... .max, using: &random), uint32: .random(in: .min ... .max, using: &random),
            uint64: pick([0, 1, .max, bits()]),
            int128: chance(0.3) ? nil : Int128(truncatingIfNeeded: Int64(bitPattern: bits())) << int(0...64) | Int128(bits()),
            uint128: chance(0.3) ? nil : pick([UInt128.max, 0, UInt128(bits()) << 64 | UInt128(bits())]),
            float: pick([Float(double()), Float(bitPattern: UInt32(truncatingIfNeeded: bits())), 0.1, -0.0, 3, 1e16, .leastNonzeroMagnitude,
                         .greatestFiniteMagnitude, .infinity, .nan, 16_777_216, Float(bitPattern: 1)]),
            double: double(), bool: chance(0.5), string: string(), date: date(),
            optionalDouble: optionalDouble(), optionalString: chance(0.5) ? string() : nil,
            doubleOptional: pick([nil, .some(nil), .some(int(-5...5))]),
            leaf: chance(0.5) ? nil : leaf(),
            doubles: (0..<int(0...6)).map { _ in double() }, ints: (0..<int(0...4)).map { _ in int(Int.min...Int.max) },
            strings: (0..<int(0...4)).map { _ in string(3) }, bools: (0..<int(0...3)).map { _ in chance(0.5) },
            optionals: (0..<int(0...4)).map { _ in optionalDouble() }, dates: (0..<int(0...3)).map { _ in date() },
            optionalDates: (0..<int(0...3)).map { _ in chance(0.3) ? nil : date() },
            floats: (0..<int(0...3)).map { _ in Float(double()) }, uint64s: (0..<int(0...3)).map { _ in bits() },
            int8s: (0..<int(0...3)).map { _ in .random(in: .min ... .max, using: &random) },
            nestedArrays: (0..<int(0...3)).map { _ in (0..<int(0...3)).map { _ in double() } },
            dictionary: Dictionary((0..<int(0...6)).map { _ in (key(), double()) }, uniquingKeysWith: { first, _ in first }),
            intKeyed: Dictionary((0..<int(0...6)).map { _ in (pick([0, 1, 2, 9, 10, 11, 100, -1, -10, Int.min, Int.max, int(-1000...1000)]), string(2)) },
                                 uniquingKeysWith: { first, _ in first }),
            nestedDictionary: Dictionary((0..<int(0...3)).map { _ in (key(), weights()) }, uniquingKeysWith: { first, _ in first }),
            dictionaryOfArrays: Dictionary((0..<int(0...3)).map { _ in (key(), (0..<int(0...3)).map { _ in optionalDouble() }) },
                                           uniquingKeysWith: { first, _ in first }),
            leaves: (0..<int(0...3)).map { _ in leaf() },
            empty: KitchenSink.Empty(), silent: KitchenSink.Silent(),
            manual: KitchenSink.Manual(pairs: distinctPairs(), texts: (0..<int(0...3)).map { _ in string(2) }, flag: chance(0.5)),
            shapes: (0..<int(0...4)).map { _ in shape() },
            kind: pick(KitchenSink.Kind.allCases), wrapper: KitchenSink.Wrapper(value: double()),
            child: depth < 2 && chance(0.25) ? [kitchenSink(depth: depth + 1)] : [])
    }

    /// Up to 6 pairs whose keys are distinct as Strings (Foundation would keep one value of keys that are equal).
    mutating func distinctPairs() -> [(String, Double)] {
        var seen = Set<String>()
        return (0..<int(0...6)).compactMap { _ in
            let key = key()
            return seen.insert(key).inserted ? (key, double()) : nil
        }
    }

    mutating func leaf() -> KitchenSink.Leaf {
        KitchenSink.Leaf(name: key(), value: optionalDouble(), tags: chance(0.5) ? nil : (0..<int(0...3)).map { _ in key() })
    }

    mutating func shape() -> KitchenSink.Shape {
        switch int(0...5) {
        case 0: return .none
        case 1: return .point(double())
        case 2: return .pair(x: double(), y: optionalDouble())
        case 3: return .labelled(key(), count: int(-3...3))
        case 4: return .nested(leaf())
        default: return .list([double(), double()])
        }
    }
}
