import Foundation
import Testing
import Experiments

/// Properties of the recommended weights over many random inputs.
@Suite("Traffic: weights are integers summing to 100 and respect the caps")
struct TrafficPropertyTests {
    /// A random A/B/N or Canary input: 2–6 versions, random counts (sometimes missing), random weights.
    static func randomInput(_ g: inout SeededGenerator, policy: TrafficPolicy) -> AnalysisInput {
        let versionCount = 2 + Int(g.next() % 5)
        let withReward = versionCount > 2 || g.nextUnit() < 0.5
        var versions: [VersionData] = []
        for v in 0..<versionCount {
            let requests = Double(g.next() % 5000)
            var observations: [String: Observation] = [:]
            if g.nextUnit() < 0.9 {
                observations["error_rate"] = .counts(events: (requests * g.nextUnit() * 0.03).rounded(), trials: requests)
            }
            observations["latency_mean"] = .histogram(AnalysisBayesFixtures.latency(count: requests, slow: g.nextUnit() * 0.1))
            observations["conversion"] = .counts(events: (requests * g.nextUnit() * 0.1).rounded(), trials: requests)
            versions.append(VersionData(name: "v\(v)", requestCount: requests, observations: observations))
        }
        var current = [Int](repeating: 0, count: versionCount)
        var left = 100
        for v in 1..<versionCount {
            current[v] = Int(g.next() % UInt64(left / 2 + 1))
            left -= current[v]
        }
        current[0] = left
        return AnalysisInput(
            versions: versions,
            testingPattern: withReward ? (versionCount == 2 ? .abTest : .abnTest) : .canary,
            metrics: AnalysisBayesFixtures.metrics,
            objectives: [
                Objective(metric: "error_rate", upperLimit: 0.015),
                Objective(metric: "latency_mean", upperLimit: 200),
            ],
            reward: withReward ? Reward(metric: "conversion", preferredDirection: g.nextUnit() < 0.5 ? .high : .low) : nil,
            settings: AnalysisSettings(
                sampleCount: 500, seed: g.next(), trafficPolicy: policy,
                maxCandidateWeight: Double(20 + g.next() % 81), maxCandidateWeightIncrement: Double(1 + g.next() % 30),
                currentWeights: current))
    }

    @Test("both engines, every policy, 150 random inputs each", arguments: TrafficPolicy.allCases)
    func properties(policy: TrafficPolicy) throws {
        var g = SeededGenerator(seed: 2024)
        let engines: [any AnalysisEngine] = [BayesEngine(), IterV1Engine()]
        for _ in 0..<150 {
            let input = Self.randomInput(&g, policy: policy)
            let current = input.currentWeights
            for engine in engines {
                let result = try engine.assess(input)
                let weights = result.traffic.weights.map(\.weight)
                #expect(weights.count == input.versions.count)
                #expect(weights.reduce(0, +) == 100, "\(engine.name) \(policy): \(weights)")
                #expect(weights.allSatisfy { $0 >= 0 && $0 <= 100 })
                switch policy {
                case .fixedSplit:
                    #expect(weights == current)
                case .progressive, .top2, .uniform:
                    let increment = try #require(input.settings.maxCandidateWeightIncrement)
                    for v in 1..<weights.count {
                        #expect(weights[v] <= max(current[v], current[v] + Int(increment)), "\(engine.name) increment")
                        #expect(weights[v] <= max(current[v], Int(input.settings.maxCandidateWeight)), "\(engine.name) max")
                        if engine.name == "bayes" && result.version("v\(v)")?.failed == true {
                            #expect(weights[v] == 0, "a failed version gets 0")
                        }
                    }
                    if engine.name == "bayes", result.traffic.held {
                        #expect(result.versions.contains { !$0.failed && $0.objectives.contains { $0.assessment == .noData } })
                    }
                case .blueGreen:
                    #expect(weights.filter { $0 == 100 }.count == 1)
                }
            }
        }
    }

    @Test("largest-remainder rounding: exact totals, ties to the earlier version")
    func largestRemainder() {
        #expect(WeightRounding.largestRemainder([33.4, 33.3, 33.3]) == [34, 33, 33])
        #expect(WeightRounding.largestRemainder([100.0 / 3, 100.0 / 3, 100.0 / 3]) == [34, 33, 33])
        #expect(WeightRounding.largestRemainder([2.5, 2.5, 95]) == [3, 2, 95])
        #expect(WeightRounding.largestRemainder([0, 0]) == [100, 0])
        #expect(WeightRounding.largestRemainder([1, 1, 2]) == [25, 25, 50])
    }

    @Test("randomised rounding: totals are exact and the mean is the percentage")
    func randomised() {
        var g = SeededGenerator(seed: 5)
        var sums = [0.0, 0.0, 0.0]
        let runs = 20_000
        for _ in 0..<runs {
            let w = WeightRounding.randomised([33.6, 20.2, 46.2], order: [1, 2, 0], using: &g)
            #expect(w.reduce(0, +) == 100)
            for i in 0..<3 { sums[i] += Double(w[i]) }
        }
        for (sum, expected) in zip(sums, [33.6, 20.2, 46.2]) {
            #expect(abs(sum / Double(runs) - expected) < 0.02)
        }
    }

    @Test("caps: the excess over the increment and the maximum goes to the baseline")
    func caps() {
        #expect(WeightCaps.apply([5.0, 95.0], current: [80, 20], maxIncrement: 10, maxWeight: 100) == [70, 30])
        #expect(WeightCaps.apply([10.0, 45, 45], current: [40, 30, 30], maxIncrement: 10, maxWeight: 35) == [30, 35, 35])
        #expect(WeightCaps.apply([50.0, 50], current: [100, 0], maxIncrement: 2.5, maxWeight: 100) == [98, 2])
    }
}

@Suite("Engines: determinism")
struct EngineDeterminismTests {
    /// Foundation's JSONEncoder on Linux does not keep declaration order (nor any fixed order), so
    /// stable bytes need `.sortedKeys`.
    func json(_ result: AnalysisResult) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(result)
    }

    @Test("same seed ⇒ byte-identical JSON; different seed ⇒ different draws (iter8-v1)")
    func iterV1() throws {
        let engine = IterV1Engine()
        let a = try json(engine.assess(AnalysisAnchorCases.caseB(seed: 99)))
        let b = try json(engine.assess(AnalysisAnchorCases.caseB(seed: 99)))
        let c = try json(engine.assess(AnalysisAnchorCases.caseB(seed: 100)))
        #expect(a == b)
        #expect(a != c)
    }

    @Test("same seed ⇒ byte-identical JSON (bayes), and the seed is recorded")
    func bayes() throws {
        let engine = BayesEngine()
        let first = try engine.assess(AnalysisAnchorCases.caseB(seed: 7))
        let second = try engine.assess(AnalysisAnchorCases.caseB(seed: 7))
        #expect(try json(first) == json(second))
        #expect(first.seed == 7 && first.sampleCount == 10_000 && first.engine == "bayes")
        // bayes 3 integrates Beta rewards: the seed does not matter for them.
        let other = try engine.assess(AnalysisAnchorCases.caseB(seed: 8))
        #expect(first.versions.map(\.winProbability) == other.versions.map(\.winProbability))
        // A reward without a bounded density (no conversion yet: Beta(½, …)) is still compared over draws.
        func drawn(_ seed: UInt64) throws -> [Double] {
            var input = AnalysisAnchorCases.caseB(seed: seed)
            input.versions[0].observations["conversion_rate"] = .counts(events: 0, trials: 4000)
            return try engine.assess(input).versions.map(\.winProbability)
        }
        #expect(try drawn(7) == drawn(7))
        #expect(try drawn(7) != drawn(8))
    }

    @Test("a result survives a JSON round trip unchanged")
    func roundTrip() throws {
        let result = try BayesEngine().assess(AnalysisAnchorCases.caseB())
        let decoded = try JSONDecoder().decode(AnalysisResult.self, from: json(result))
        #expect(decoded == result)
        #expect(try json(decoded) == json(result))
    }
}
