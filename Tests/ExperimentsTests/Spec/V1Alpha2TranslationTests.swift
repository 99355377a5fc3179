import Experiments
import Testing

@Suite("v1alpha2 translation")
struct V1Alpha2TranslationTests {
    static func document(service: String = #"{"name": "reviews", "namespace": "bookinfo", "baseline": "reviews-v1", "candidates": ["reviews-v2"]}"#,
                         criteria: String = #"[{"metric": "iter8_mean_latency", "threshold": {"type": "relative", "value": 1.6}}, {"metric": "iter8_error_rate", "threshold": {"type": "absolute", "value": 0.05}}]"#,
                         extra: String = "") -> String {
        """
        {"apiVersion": "iter8.tools/v1alpha2", "kind": "Experiment", "metadata": {"name": "reviews-v2-rollout", "namespace": "bookinfo"},
         "spec": {"service": \(service), "criteria": \(criteria)\(extra.isEmpty ? "" : ", " + extra)}}
        """
    }

    @Test func translatesACanaryWithIter8V1Defaults() throws {
        let outcome = V1Alpha2Translator.translate(try SpecFixtures.v1(Self.document()))
        #expect(outcome.issues.isEmpty)
        let experiment = try #require(outcome.experiment)
        #expect(experiment.testingPattern == .canary)
        #expect(experiment.target == "bookinfo/reviews")
        #expect(experiment.sourceAPIVersion == "iter8.tools/v1alpha2")
        #expect(experiment.duration == DurationSpec(intervalSeconds: 30, iterationsPerLoop: 100, maxLoops: 1))
        #expect(experiment.weightCaps.maxCandidateWeightIncrement == 2)
        #expect(experiment.analysis.engine == .iter8V1)
        #expect(experiment.analysis.winnerProbability == 0.99)
        #expect(experiment.analysis.trafficPolicy == .progressive)
        #expect(experiment.promotion.onTermination == .toWinner)
        let latency = experiment.criteria.objectives[0]
        #expect(latency.metric.description == "mean-latency")
        #expect(latency.relativeToBaseline)
        #expect(latency.upperLimit?.value == 1.6)
        let errors = experiment.criteria.objectives[1]
        #expect(errors.metric.description == "error-rate")
        #expect(!errors.relativeToBaseline)
        #expect(errors.upperLimit?.value == 0.05)
        #expect(experiment.baseline.variables == [.init(name: "namespace", value: "bookinfo")])
        #expect(experiment.routing == .virtualService(VirtualServiceRoute(name: "reviews", namespace: "bookinfo", route: nil)))
    }

    @Test func derivesThePatternFromCandidatesAndReward() throws {
        let reward = #"[{"metric": "mean_books_purchased", "isReward": true}]"#
        let ab = V1Alpha2Translator.translate(try SpecFixtures.v1(Self.document(criteria: reward))).experiment
        #expect(ab?.testingPattern == .abTest)
        #expect(ab?.criteria.reward == RewardSpec(metric: try #require(MetricReference("mean-books-purchased")), preferredDirection: .high))
        let abn = V1Alpha2Translator.translate(try SpecFixtures.v1(Self.document(
            service: #"{"name": "reviews", "baseline": "v1", "candidates": ["v2", "v3"]}"#, criteria: "[]"))).experiment
        #expect(abn?.testingPattern == .abnTest)
        #expect(abn?.namespace == "bookinfo")
        let performance = V1Alpha2Translator.translate(try SpecFixtures.v1(Self.document(
            service: #"{"name": "reviews", "baseline": "reviews-v1", "candidates": ["reviews-v1"]}"#))).experiment
        #expect(performance?.testingPattern == .conformance)
        #expect(performance?.candidates.isEmpty == true)
        #expect(performance?.routing == RoutingSpec.none)
    }

    @Test func translatesTrafficControlAndOverride() throws {
        let extra = #"""
            "duration": {"interval": "1m30s", "maxIterations": 8},
            "trafficControl": {"strategy": "top_2", "maxIncrement": 20, "onTermination": "keep_last",
                               "match": {"http": [{"headers": {"cookie": {"regex": "^(.*?;)?(user=jason)(;.*)?$"}}}]}},
            "manualOverride": {"action": "terminate", "trafficSplit": {"reviews-v1": 40, "reviews-v2": 60}},
            "cleanup": true, "analyticsEndpoint": "http://iter8-analytics:8080"
            """#
        let outcome = V1Alpha2Translator.translate(try SpecFixtures.v1(Self.document(extra: extra)))
        let experiment = try #require(outcome.experiment)
        #expect(experiment.duration.intervalSeconds == 90)
        #expect(experiment.totalIterations == 8)
        #expect(experiment.analysis.trafficPolicy == .top2)
        #expect(experiment.weightCaps.maxCandidateWeightIncrement == 20)
        #expect(experiment.promotion.onTermination == .keepLast)
        #expect(experiment.manualOverride == ManualOverride(action: .terminate, trafficSplit: ["reviews-v1": 40, "reviews-v2": 60]))
        guard case .virtualService(let route) = experiment.routing else {
            Issue.record("expected VirtualService routing")
            return
        }
        #expect(route.match.first?.headers?["cookie"]?.regex == "^(.*?;)?(user=jason)(;.*)?$")
        #expect(outcome.issues.map(\.path.description) == ["spec.cleanup", "spec.analyticsEndpoint"])
        #expect(outcome.issues.allSatisfy { $0.severity == .warning })
    }

    @Test func serviceKindRoutesByHost() throws {
        let outcome = V1Alpha2Translator.translate(try SpecFixtures.v1(Self.document(
            service: #"{"kind": "Service", "name": "reviews", "baseline": "reviews-v1", "candidates": ["reviews-v2"]}"#)))
        guard case .virtualService(let route) = try #require(outcome.experiment).routing else {
            Issue.record("expected VirtualService routing")
            return
        }
        #expect(route.destinations["reviews-v2"] == .init(host: "reviews-v2", subset: nil))
    }

    @Test(arguments: [
        (#"{"name": "reviews", "baseline": "a"}"#, "[]", "", "spec.service.candidates", "missing required field"),
        (#"{"name": "reviews", "baseline": "a", "candidates": ["b"]}"#, #"[{"metric": "cpu", "threshold": {"type": "absolute", "value": 1}}]"#, "", "spec.criteria[0].metric", "cannot tell whether lower or higher is better"),
        (#"{"name": "reviews", "baseline": "a", "candidates": ["b"]}"#, #"[{"metric": "iter8_error_rate", "threshold": {"type": "percent", "value": 1}}]"#, "", "spec.criteria[0].threshold.type", "expected absolute or relative"),
        (#"{"name": "reviews", "baseline": "a", "candidates": ["b"]}"#, "[]", #""duration": {"interval": "soon"}"#, "spec.duration.interval", "expected a duration"),
        (#"{"name": "reviews", "baseline": "a", "candidates": ["b"]}"#, "[]", #""trafficControl": {"strategy": "fastest"}"#, "spec.trafficControl.strategy", "expected one of progressive, top_2, uniform"),
        (#"{"name": "reviews", "baseline": "a", "candidates": ["b"]}"#, #"[{"metric": "mean_books_purchased", "isReward": true}, {"metric": "iter8_error_rate", "isReward": true}]"#, "", "spec.criteria[1].isReward", "at most one criterion"),
        (#"{"kind": "StatefulSet", "name": "reviews", "baseline": "a", "candidates": ["b"]}"#, "[]", "", "spec.service.kind", "expected Deployment or Service"),
    ])
    func reportsInvalidV1Specs(service: String, criteria: String, extra: String, path: String, message: String) throws {
        let outcome = V1Alpha2Translator.translate(try SpecFixtures.v1(Self.document(service: service, criteria: criteria, extra: extra)))
        #expect(outcome.experiment == nil)
        #expect(outcome.issues.contains { $0.path.description == path && $0.message.contains(message) }, "issues: \(outcome.issues)")
    }
}
