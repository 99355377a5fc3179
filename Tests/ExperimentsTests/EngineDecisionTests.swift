import Experiments
import Testing

/// `bayes` 2's verdicts that may end an experiment (``ExperimentDecision``): decision confidence, minimum samples
/// that follow from the limit, and the tolerance band that bounds the evidence without moving the limit.
@Suite("bayes 2: decisions")
struct EngineDecisionTests {
    let engine = BayesEngine()

    func canary(requests: Double, errors: Double) throws -> AnalysisResult {
        try engine.assess(AnalysisBayesFixtures.canary(candidateErrors: errors, candidateRequests: requests))
    }

    @Test func resultsCarryTheEngineVersionAndADecision() throws {
        let result = try canary(requests: 10_000, errors: 20)
        #expect(result.engineVersion == 3)
        #expect(result.decision?.outcome == .winner)
        #expect(result.winner.version == "canary")
    }

    @Test func aClearFailureIsDecisive() throws {
        let result = try canary(requests: 10_000, errors: 500)
        #expect(result.decision?.outcome == .failed)
        #expect(result.decision?.reason.contains("error_rate") == true)
    }

    /// One error in the first ten requests says little about a 1 % limit: bayes 1 failed such a candidate
    /// (P(rate > 1 %) = 0.97 under the Jeffreys prior); a rate needs 1 / L trials before it can fail.
    @Test func oneEarlyErrorIsNotAFailure() throws {
        let result = try canary(requests: 20, errors: 1)
        let objective = try #require(result.version("canary")?.objectives.first { $0.metric == "error_rate" })
        #expect(objective.assessment == .inconclusive)
        #expect(result.decision?.outcome == .undecided)
        #expect(!result.rollback.recommended)
    }

    /// The tolerance bounds the evidence a value near the limit needs; the limit still decides the side: with a
    /// million requests, 1.01 % errors fails a 1 % limit and 0.99 % passes it.
    @Test(arguments: [(10_100.0, Assessment.fail), (9_900, .pass)])
    func theLimitDecidesTheSide(errors: Double, verdict: Assessment) throws {
        let result = try canary(requests: 1_000_000, errors: errors)
        #expect(result.version("canary")?.objectives.first { $0.metric == "error_rate" }?.assessment == verdict)
    }

    @Test func anOpenObjectiveSaysHowMuchEvidenceItNeeds() throws {
        let result = try canary(requests: 2_000, errors: 17)  // 0.85 % against 1 %
        let objective = try #require(result.version("canary")?.objectives.first { $0.metric == "error_rate" })
        #expect(objective.assessment == .inconclusive)
        let needed = try #require(objective.requiredSampleSize)
        #expect(needed > 2_000 && needed < 100_000)
        #expect(result.decision?.outcome == .undecided)
        #expect(result.decision?.requiredRequests == needed)
    }

    @Test func aZeroToleranceNeedsMoreEvidence() throws {
        var input = AnalysisBayesFixtures.canary(candidateErrors: 70, candidateRequests: 10_000)  // 0.7 %
        let lenient = try engine.assess(input)
        input.settings.tolerance = 0
        let strict = try engine.assess(input)
        let needed = { (result: AnalysisResult) in
            result.version("canary")?.objectives.first { $0.metric == "error_rate" }?.requiredSampleSize ?? 0
        }
        #expect(lenient.version("canary")?.objectives.first { $0.metric == "error_rate" }?.assessment == .pass)
        #expect(strict.version("canary")?.objectives.first { $0.metric == "error_rate" }?.assessment != .pass
            || needed(strict) >= needed(lenient))
    }

    func ab(_ a: (Double, Double), _ b: (Double, Double)) -> AnalysisInput {
        AnalysisInput(
            versions: [
                VersionData(name: "a", requestCount: a.1, observations: ["conversion": .counts(events: a.0, trials: a.1)]),
                VersionData(name: "b", requestCount: b.1, observations: ["conversion": .counts(events: b.0, trials: b.1)]),
            ],
            testingPattern: .abTest, metrics: AnalysisBayesFixtures.metrics, objectives: [],
            reward: Reward(metric: "conversion", preferredDirection: .high))
    }

    /// Equal rewards never give one version P(best) above the threshold, but with enough data each is shown to be
    /// within the tolerance of the other: the decision ends instead of running to the cap.
    @Test func equalRewardsAreDecidedWithinTheTolerance() throws {
        let result = try engine.assess(ab((5_000, 100_000), (5_000, 100_000)))
        #expect(result.winner.found)
        #expect(result.decision?.outcome == .winner)
        let few = try engine.assess(ab((50, 1_000), (50, 1_000)))
        #expect(!few.winner.found)
        #expect(few.decision?.outcome == .undecided)
        #expect((few.decision?.requiredRequests ?? 0) > 1_000)
    }

    /// A leader whose own objectives are still open keeps the decision open rather than handing the win to the
    /// runner-up.
    @Test func anUndecidedLeaderKeepsTheDecisionOpen() throws {
        var input = ab((500, 10_000), (900, 10_000))
        input.versions[1].observations["error_rate"] = .counts(events: 95, trials: 10_000)  // 0.95 % against 1 %
        input.versions[0].observations["error_rate"] = .counts(events: 10, trials: 10_000)
        input.objectives = [Objective(metric: "error_rate", upperLimit: 0.01)]
        let result = try engine.assess(input)
        #expect(result.version("b")?.objectives.first?.assessment == .inconclusive)
        #expect(result.bestVersion == "b")
        #expect(!result.winner.found)
    }
}
