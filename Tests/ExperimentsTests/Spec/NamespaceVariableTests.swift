import Experiments
import Testing

/// A version's `namespace` variable defaults to the experiment's namespace (where readiness looks for its Deployment),
/// so minimal iter8 v2 specs that omit `variables` validate and their built-in metrics' `$namespace` renders.
@Suite("Versions: the namespace variable defaults to the experiment's")
struct NamespaceVariableTests {
    static let minimal = SpecFixtures.canary(candidates: #"[{"name": "reviews-v2"}]"#).replacingOccurrences(
        of: #"{"name": "reviews-v1", "variables": [{"name": "namespace", "value": "bookinfo"}]}"#, with: #"{"name": "reviews-v1"}"#)

    @Test func aVersionWithoutVariablesGetsTheExperimentsNamespace() throws {
        #expect(!Self.minimal.contains("variables"))
        let outcome = ExperimentValidator.validate(try SpecFixtures.document(Self.minimal))
        #expect(outcome.issues.isEmpty, "\(outcome.issues)")
        let experiment = try #require(outcome.experiment)
        for version in experiment.versions {
            #expect(version.variables == [.init(name: "namespace", value: "bookinfo")], "\(version.name)")
        }
        // The built-in metrics use $namespace: with the default they resolve without an issue.
        #expect(MetricCatalog().resolve(experiment).issues.isEmpty)
    }

    @Test func anExplicitNamespaceWinsAndOtherVariablesKeepTheirOrder() throws {
        let json = Self.minimal.replacingOccurrences(
            of: #"[{"name": "reviews-v2"}]"#,
            with: #"[{"name": "reviews-v2", "variables": [{"name": "cluster", "value": "east"}, {"name": "namespace", "value": "canary"}]}]"#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.candidates[0].variables == [.init(name: "cluster", value: "east"), .init(name: "namespace", value: "canary")])
        #expect(experiment.baseline.variables == [.init(name: "namespace", value: "bookinfo")])
    }

    @Test func otherVariablesComeFirstAndTheDefaultLast() throws {
        let json = Self.minimal.replacingOccurrences(
            of: #"[{"name": "reviews-v2"}]"#, with: #"[{"name": "reviews-v2", "variables": [{"name": "cluster", "value": "east"}]}]"#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.candidates[0].variables == [.init(name: "cluster", value: "east"), .init(name: "namespace", value: "bookinfo")])
    }

    @Test func theNamespaceFollowsTheTargetWhenMetadataHasNone() throws {
        let json = Self.minimal.replacingOccurrences(of: #", "namespace": "bookinfo"}"#, with: "}")
            .replacingOccurrences(of: #""target": "bookinfo/reviews""#, with: #""target": "shop/reviews""#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.namespace == "shop")
        #expect(experiment.baseline.variables == [.init(name: "namespace", value: "shop")])
    }
}
