import Experiments
import Testing

/// `spec.duration.mode`, `minIterations`, `maxIterations` and `spec.analysis.tolerance`.
@Suite("Validation: experiment length and tolerance")
struct DurationValidationTests {
    func validate(_ specExtra: String) throws -> ExperimentValidator.Outcome {
        ExperimentValidator.validate(try SpecFixtures.document(SpecFixtures.canary(specExtra: specExtra)))
    }

    func messages(_ specExtra: String) throws -> [String] {
        try validate(specExtra).issues.map { "\($0.path): \($0.message)" }
    }

    @Test func adaptiveIsTheBayesDefaultWithItsBounds() throws {
        let experiment = try #require(try validate(#""duration": {"intervalSeconds": 20, "iterationsPerLoop": 10}"#).experiment)
        #expect(experiment.duration.mode == .adaptive)
        #expect(experiment.duration.minIterations == 3)
        #expect(experiment.duration.maxIterations == 50)
        #expect(experiment.analysis.tolerance == 0.1)
    }

    @Test func explicitValuesAreKept() throws {
        let experiment = try #require(try validate(
            #""duration": {"iterationsPerLoop": 10, "minIterations": 5, "maxIterations": 100}, "analysis": {"tolerance": 0.05}"#
        ).experiment)
        #expect(experiment.duration.minIterations == 5)
        #expect(experiment.duration.maxIterations == 100)
        #expect(experiment.analysis.tolerance == 0.05)
    }

    @Test func fixedKeepsIter8sMeaning() throws {
        let experiment = try #require(try validate(#""duration": {"iterationsPerLoop": 10, "mode": "fixed"}"#).experiment)
        #expect(experiment.duration.mode == .fixed)
        #expect(experiment.duration.plannedIterations == 10)
        #expect(experiment.duration.maxIterations == 10)
    }

    @Test func iter8V1IsAlwaysFixed() throws {
        let experiment = try #require(try validate(#""analysis": {"engine": "iter8-v1"}"#).experiment)
        #expect(experiment.duration.mode == .fixed)
        let problems = try messages(#""analysis": {"engine": "iter8-v1"}, "duration": {"mode": "adaptive"}"#)
        #expect(problems.contains { $0.hasPrefix("spec.duration.mode: iter8-v1 keeps iter8's fixed duration") })
    }

    @Test(arguments: [
        (#""duration": {"mode": "sometimes"}"#, "spec.duration.mode: expected one of"),
        (#""duration": {"iterationsPerLoop": 10, "minIterations": 11}"#, "spec.duration.minIterations: must be between 1 and 10, found 11"),
        (#""duration": {"iterationsPerLoop": 10, "minIterations": 0}"#, "spec.duration.minIterations: must be between 1 and 10, found 0"),
        (#""duration": {"iterationsPerLoop": 10, "maxIterations": 9}"#, "spec.duration.maxIterations: must be between 10 and 10000, found 9"),
        (#""duration": {"iterationsPerLoop": 10, "maxIterations": 10001}"#, "spec.duration.maxIterations: must be between 10 and 10000"),
        (#""duration": {"mode": "fixed", "maxIterations": 20}"#, "spec.duration.maxIterations: applies to mode adaptive only"),
        (#""duration": {"mode": "fixed", "minIterations": 2}"#, "spec.duration.minIterations: applies to mode adaptive only"),
        (#""analysis": {"tolerance": 0.6}"#, "spec.analysis.tolerance: must be between 0.0 and 0.5, found 0.6"),
        (#""analysis": {"tolerance": -0.1}"#, "spec.analysis.tolerance: must be between 0.0 and 0.5"),
    ])
    func refuses(specExtra: String, message: String) throws {
        let outcome = try validate(specExtra)
        #expect(outcome.experiment == nil)
        let problems = outcome.issues.map { "\($0.path): \($0.message)" }
        #expect(problems.contains { $0.hasPrefix(message) }, "\(problems)")
    }
}
