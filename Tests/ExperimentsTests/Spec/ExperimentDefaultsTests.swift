import Experiments
import Testing

@Suite("v2alpha2 defaults")
struct ExperimentDefaultsTests {
    @Test func appliesIter8Defaults() throws {
        let outcome = ExperimentValidator.validate(try SpecFixtures.document(SpecFixtures.canary()))
        #expect(outcome.issues.isEmpty)
        let experiment = try #require(outcome.experiment)
        #expect(experiment.deploymentPattern == .progressive)
        #expect(experiment.weightCaps == CandidateWeightCaps(maxCandidateWeight: 100, maxCandidateWeightIncrement: 10))
        // bayes experiments are adaptive: promotion after 3 iterations at the earliest, extension up to 5 × 15.
        #expect(experiment.duration == DurationSpec(
            intervalSeconds: 20, iterationsPerLoop: 15, maxLoops: 1, mode: .adaptive, minIterations: 3, maxIterations: 75))
        #expect(experiment.totalIterations == 15)
        #expect(experiment.criteria.objectives.map(\.rollbackOnFailure) == [false, false])
        #expect(experiment.criteria.objectives[1].upperLimit?.value == 0.01)
        #expect(experiment.namespace == "bookinfo")
        #expect(experiment.versions.map(\.name) == ["reviews-v1", "reviews-v2"])
    }

    @Test func appliesOurDefaults() throws {
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(SpecFixtures.canary())).experiment)
        #expect(experiment.analysis == AnalysisSpec.defaults(intervalSeconds: 20))
        #expect(experiment.analysis.engine == .bayes)
        #expect(experiment.analysis.noDataDeadlineSeconds == 200)
        #expect(experiment.promotion == PromotionSettings(onTermination: .toWinner, applyMode: .cluster, manifest: nil))
        #expect(experiment.routing == .virtualService(VirtualServiceRoute(name: "reviews", namespace: "bookinfo", route: "reviews-route")))
    }

    @Test func blueGreenObjectivesRollBackByDefault() throws {
        let json = SpecFixtures.canary(strategy: #"{"testingPattern": "Canary", "deploymentPattern": "BlueGreen"}"#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.criteria.objectives.map(\.rollbackOnFailure) == [true, true])
    }

    @Test func namespaceFallsBackToTheTarget() throws {
        let json = SpecFixtures.canary().replacingOccurrences(of: #", "namespace": "bookinfo"}"#, with: "}")
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.namespace == "bookinfo")
    }

    @Test func explicitSettingsAreKept() throws {
        let json = SpecFixtures.canary(
            strategy: #"{"testingPattern": "Canary", "weights": {"maxCandidateWeight": 50, "maxCandidateWeightIncrement": 5}}"#,
            specExtra: #"""
                "duration": {"intervalSeconds": 5, "iterationsPerLoop": 4, "maxLoops": 2},
                "analysis": {"engine": "iter8-v1", "confidence": 0.9, "samples": 2000, "trafficPolicy": "top_2", "seed": 42},
                "promotion": {"onTermination": "keep_last", "applyMode": "git", "manifest": "istio/reviews-vs.yaml"}
                """#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.weightCaps == CandidateWeightCaps(maxCandidateWeight: 50, maxCandidateWeightIncrement: 5))
        #expect(experiment.totalIterations == 8)
        #expect(experiment.analysis.engine == .iter8V1)
        #expect(experiment.analysis.winnerProbability == 0.99)
        #expect(experiment.analysis.confidence == 0.9)
        #expect(experiment.analysis.samples == 2000)
        #expect(experiment.analysis.trafficPolicy == .top2)
        #expect(experiment.analysis.seed == 42)
        #expect(experiment.analysis.noDataDeadlineSeconds == 50)
        #expect(experiment.promotion == PromotionSettings(onTermination: .keepLast, applyMode: .git, manifest: "istio/reviews-vs.yaml"))
    }
}
