import Experiments
import Testing

@Suite("From a spec to an analysis input")
struct AnalysisInputBuilderTests {
    @Test func mapsObjectivesMetricsAndSettings() throws {
        let json = SpecFixtures.canary(specExtra: #""analysis": {"confidence": 0.9, "samples": 2000, "minRequestsPerVersion": 50}"#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        let (metrics, issues) = MetricCatalog().resolve(experiment)
        #expect(issues.isEmpty)
        let input = AnalysisInputBuilder.input(
            for: experiment, metrics: metrics,
            observations: [
                "reviews-v1": ["iter8-istio/error-rate": .counts(events: 1, trials: 1000)],
                "reviews-v2": ["iter8-istio/error-rate": .counts(events: 2, trials: 900)],
            ],
            currentWeights: ["reviews-v1": 90, "reviews-v2": 10], seed: 99)
        #expect(input.versions.map(\.name) == ["reviews-v1", "reviews-v2"])
        #expect(input.metrics == [
            MetricDescriptor(name: "iter8-istio/mean-latency", kind: .meanFromHistogram),
            MetricDescriptor(name: "iter8-istio/error-rate", kind: .ratio),
        ])
        #expect(input.objectives.map(\.upperLimit) == [300, 0.01])
        #expect(input.settings.currentWeights == [90, 10])
        #expect(input.settings.confidence == 0.9)
        #expect(input.settings.sampleCount == 2000)
        #expect(input.settings.minimumRequests == 50)
        #expect(input.settings.maxCandidateWeightIncrement == 10)
        #expect(input.settings.seed == 99)
        #expect(input.versions[0].observation("iter8-istio/mean-latency") == .noData)
    }

    @Test func theDeploymentPatternDecidesThePolicy() throws {
        for (pattern, policy) in [("FixedSplit", TrafficPolicy.fixedSplit), ("BlueGreen", .blueGreen), ("Progressive", .progressive)] {
            let json = SpecFixtures.canary(strategy: #"{"testingPattern": "Canary", "deploymentPattern": "\#(pattern)"}"#)
            let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
            #expect(AnalysisInputBuilder.trafficPolicy(experiment) == policy)
        }
    }

    @Test func percentilesAreInPercent() throws {
        #expect(AnalysisInputBuilder.kind(of: try #require(BuiltinMetrics.named("latency-95th-percentile"))) == .percentile(95))
    }
}
