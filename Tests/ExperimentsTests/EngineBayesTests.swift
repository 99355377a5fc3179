import Foundation
import Testing
import Experiments

@Suite("bayes engine: Canary verdicts")
struct EngineBayesCanaryTests {
    let engine = BayesEngine()

    @Test("clear pass: the candidate wins and gains at most the increment")
    func clearPass() throws {
        let result = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: 10))
        let canary = try #require(result.version("canary"))
        #expect(canary.objectives.map(\.assessment) == [.pass, .pass])
        #expect(canary.feasible && !canary.failed)
        #expect(result.winner.found && result.winner.version == "canary")
        #expect(result.recommendedVersionForPromotion == "canary")
        #expect(result.traffic.weights.map(\.weight) == [80, 20])
        #expect(!result.traffic.held)
        #expect(!result.rollback.recommended)
    }

    @Test("clear fail: the baseline wins, the candidate drops to 0, rollback is recommended")
    func clearFail() throws {
        let result = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: 300))
        let canary = try #require(result.version("canary"))
        #expect(canary.objectives[0].assessment == .fail)
        #expect(canary.failed && !canary.feasible)
        #expect(result.winner.found && result.winner.version == "stable")
        #expect(result.traffic.weights.map(\.weight) == [100, 0])
        #expect(result.rollback.recommended)
        #expect(result.rollback.reason?.contains("canary") == true)
    }

    @Test("inconclusive: no decision, the bandit keeps exploring within the caps")
    func inconclusive() throws {
        let result = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: 95))
        let objective = try #require(result.version("canary")?.objectives[0])
        #expect(objective.assessment == .inconclusive)
        // Exact: I_0.01(0.5 + 95, 0.5 + 9905).
        let exact = SpecialFunctions.betaCDF(0.01, a: 95.5, b: 9905.5)
        #expect(objective.probabilitySatisfied == exact)
        #expect(exact > 0.05 && exact < 0.95)
        #expect(!result.winner.found)
        let weights = result.traffic.weights.map(\.weight)
        #expect(weights.reduce(0, +) == 100)
        #expect(weights[1] <= 20)
    }

    @Test("no data: noData verdicts (never pass or fail) and the current weights are held")
    func noData() throws {
        let result = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: nil))
        let canary = try #require(result.version("canary"))
        #expect(canary.objectives[0].assessment == .noData)
        #expect(canary.objectives[0].probabilitySatisfied == nil)
        #expect(!canary.failed && !canary.feasible)
        #expect(!result.winner.found)
        #expect(result.traffic.held)
        #expect(result.traffic.weights.map(\.weight) == [90, 10])
        #expect(!result.rollback.recommended)
    }

    @Test("fewer requests than the minimum is no data")
    func belowMinimum() throws {
        let result = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: 0, candidateRequests: 5))
        #expect(result.version("canary")?.objectives.map(\.assessment) == [.noData, .noData])
        #expect(result.traffic.held)
        #expect(result.traffic.weights.map(\.weight) == [90, 10])
    }

    @Test("BlueGreen switches 0 → 100 once the candidate passes, and not before")
    func blueGreen() throws {
        let pass = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: 10, current: [100, 0], policy: .blueGreen))
        #expect(pass.traffic.weights.map(\.weight) == [0, 100])
        let open = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: 95, current: [100, 0], policy: .blueGreen))
        #expect(open.traffic.weights.map(\.weight) == [100, 0])
    }

    @Test("FixedSplit keeps the weights even when the candidate fails")
    func fixedSplit() throws {
        let result = try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: 300, current: [70, 30], policy: .fixedSplit))
        #expect(result.traffic.weights.map(\.weight) == [70, 30])
    }
}

@Suite("bayes engine: models")
struct EngineBayesModelTests {
    let engine = BayesEngine()

    @Test("histogram mean: Normal(sum/count, σ²/count) with σ² from the bucket midpoints and widths")
    func histogramMean() throws {
        // 100 observations: 50 in (0, 100], 50 in (100, 200]; sum 10,000 ⇒ mean 100.
        let histogram = Histogram(
            buckets: [HistogramBucket(upperBound: 100, cumulativeCount: 50), HistogramBucket(upperBound: 200, cumulativeCount: 100)],
            sum: 10_000, count: 100)
        // σ² = (50·50² + 50·50²)/100 + 100²/12 = 2500 + 833.33…; se = √(σ²/100).
        let se = ((2500 + 10_000 / 12.0) / 100).squareRoot()
        let input = AnalysisInput(
            versions: [VersionData(name: "base", requestCount: 100, observations: ["m": .histogram(histogram)])],
            testingPattern: .conformance, metrics: [MetricDescriptor(name: "m", kind: .meanFromHistogram)],
            objectives: [Objective(metric: "m", upperLimit: 105)])
        let objective = try #require(try engine.assess(input).versions[0].objectives.first)
        let exact = NormalDistribution.cdf((105 - 100) / se)
        #expect(abs(try #require(objective.probabilitySatisfied) - exact) < 1e-12)
    }

    @Test("histogram percentile: Dirichlet draws agree with the exact Beta marginal at a bucket bound")
    func histogramPercentile() throws {
        // P(p95 ≤ 400) = P(F(400) ≥ 0.95), F(400) ~ Beta(Σα below 400, Σα above).
        let requests = 2000.0
        let histogram = AnalysisBayesFixtures.latency(count: requests, slow: 0.045)
        let input = AnalysisInput(
            versions: [VersionData(name: "base", requestCount: requests, observations: ["p95": .histogram(histogram)])],
            testingPattern: .conformance, metrics: [MetricDescriptor(name: "p95", kind: .percentile(95))],
            objectives: [Objective(metric: "p95", upperLimit: 400)])
        let result = try engine.assess(input)
        let p = try #require(result.versions[0].objectives[0].probabilitySatisfied)
        let counts = histogram.bucketCounts
        let prior = 1.0 / Double(counts.count)
        let below = counts.prefix(4).reduce(0) { $0 + $1 + prior }
        let above = counts.dropFirst(4).reduce(0) { $0 + $1 + prior }
        let exact = 1 - SpecialFunctions.betaCDF(0.95, a: below, b: above)
        #expect(abs(p - exact) <= AnalysisAnchorCases.tolerance(exact))
        #expect(exact > 0.05 && exact < 0.95)
        let point = try #require(result.versions[0].metrics[0].value)
        #expect(abs(point - (try #require(histogram.quantile(0.95)))) < 1e-12)
    }

    @Test("Prometheus histogram_quantile interpolation and the +Inf bucket")
    func histogramQuantile() {
        let h = Histogram(
            buckets: [
                HistogramBucket(upperBound: 100, cumulativeCount: 50),
                HistogramBucket(upperBound: 200, cumulativeCount: 90),
                HistogramBucket(upperBound: .infinity, cumulativeCount: 100),
            ],
            sum: 12_000, count: 100)
        #expect(h.quantile(0.5) == 100)
        #expect(h.quantile(0.7) == 150)
        #expect(h.quantile(0.25) == 50)
        #expect(h.quantile(0.95) == 200)
    }

    @Test("A/B/N on anchor case b: v4 fails latency; v3 is inconclusive on errors but leads on reward, so no winner yet")
    func abn() throws {
        let result = try engine.assess(AnalysisAnchorCases.caseB())
        #expect(result.version("v4")?.objectives[0].assessment == .fail)
        #expect(result.version("v3")?.objectives[1].assessment == .inconclusive)
        #expect(result.versions.filter(\.feasible).map(\.name) == ["v1", "v2", "v5"])
        #expect(result.version("v4")?.winProbability == 0)
        // v3 may still turn out feasible and is most likely best: naming another winner now would be premature.
        #expect(result.bestVersion == "v3")
        #expect((result.version("v3")?.winProbability ?? 0) > 0.5)
        #expect(result.winner.found == false)
        #expect(result.decision?.outcome == .undecided)
        let total = result.versions.map(\.winProbability).reduce(0, +)
        #expect(abs(total - 1) < 1e-9)
        #expect(result.traffic.weights.first { $0.version == "v4" }?.weight == 0)
        #expect(result.traffic.weights.map(\.weight).reduce(0, +) == 100)
    }

    @Test("A/B declares the winner above the threshold")
    func abWinner() throws {
        let versions = [
            VersionData(name: "a", requestCount: 10_000, observations: ["conversion": .counts(events: 500, trials: 10_000)]),
            VersionData(name: "b", requestCount: 10_000, observations: ["conversion": .counts(events: 650, trials: 10_000)]),
        ]
        let input = AnalysisInput(
            versions: versions, testingPattern: .abTest, metrics: AnalysisBayesFixtures.metrics, objectives: [],
            reward: Reward(metric: "conversion", preferredDirection: .high))
        let result = try engine.assess(input)
        #expect(result.winner.found && result.winner.version == "b")
        #expect(try #require(result.winner.probability) > 0.99)
    }

    @Test("pattern rules are enforced")
    func patternRules() {
        var input = AnalysisBayesFixtures.canary(candidateErrors: 10)
        input.reward = Reward(metric: "conversion", preferredDirection: .high)
        #expect(throws: AnalysisError.self) { try engine.assess(input) }
        var unknown = AnalysisBayesFixtures.canary(candidateErrors: 10)
        unknown.objectives.append(Objective(metric: "nope", upperLimit: 1))
        do {
            _ = try engine.assess(unknown)
            Issue.record("an unknown metric must be rejected")
        } catch {
            #expect(error.code == .unknownMetric)
        }
    }
}
