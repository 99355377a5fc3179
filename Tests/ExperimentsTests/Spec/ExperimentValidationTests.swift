import Experiments
import Testing

/// One invalid spec and the issue it must produce.
struct InvalidSpecCase: CustomTestStringConvertible, Sendable {
    let name: String
    let json: String
    let path: String
    let message: String
    var testDescription: String { name }
}

@Suite("v2alpha2 validation rules")
struct ExperimentValidationTests {
    static let v2 = #""candidates": [{"name": "reviews-v2"}]"#
    static let cases: [InvalidSpecCase] = [
        .init(
            name: "wrong apiVersion", json: SpecFixtures.canary().replacingOccurrences(of: "iter8.tools/v2alpha2", with: "iter8.tools/v9"),
            path: "apiVersion", message: "expected iter8.tools/v2alpha2, found \"iter8.tools/v9\""),
        .init(
            name: "missing target", json: SpecFixtures.canary().replacingOccurrences(of: #""target": "bookinfo/reviews","#, with: ""),
            path: "spec.target", message: "missing required field"),
        .init(
            name: "unknown testing pattern", json: SpecFixtures.canary(strategy: #"{"testingPattern": "Canery"}"#),
            path: "spec.strategy.testingPattern", message: "expected one of Canary, A/B, A/B/N, Conformance, found \"Canery\""),
        .init(
            name: "missing testing pattern", json: SpecFixtures.canary(strategy: "{}"),
            path: "spec.strategy.testingPattern", message: "missing required field"),
        .init(
            name: "unknown deployment pattern",
            json: SpecFixtures.canary(strategy: #"{"testingPattern": "Canary", "deploymentPattern": "Rolling"}"#),
            path: "spec.strategy.deploymentPattern", message: "found \"Rolling\""),
        .init(
            name: "weight cap above 100",
            json: SpecFixtures.canary(strategy: #"{"testingPattern": "Canary", "weights": {"maxCandidateWeight": 120}}"#),
            path: "spec.strategy.weights.maxCandidateWeight", message: "must be between 0 and 100, found 120"),
        .init(
            name: "zero interval", json: SpecFixtures.canary(specExtra: #""duration": {"intervalSeconds": 0}"#),
            path: "spec.duration.intervalSeconds", message: "must be between 1 and 86400, found 0"),
        .init(
            name: "missing baseline",
            json: SpecFixtures.canary().replacingOccurrences(
                of: #""baseline": {"name": "reviews-v1", "variables": [{"name": "namespace", "value": "bookinfo"}]},"#, with: ""),
            path: "spec.versionInfo.baseline", message: "missing required field"),
        .init(
            name: "duplicate version names", json: SpecFixtures.canary(candidates: #"[{"name": "reviews-v1"}]"#),
            path: "spec.versionInfo.candidates[0].name", message: "duplicate version name \"reviews-v1\""),
        .init(
            name: "invalid version name", json: SpecFixtures.canary(candidates: #"[{"name": "Reviews_V2"}]"#),
            path: "spec.versionInfo.candidates[0].name", message: "a name must be a DNS-1123 subdomain"),
        .init(
            name: "canary with two candidates", json: SpecFixtures.canary(candidates: #"[{"name": "b"}, {"name": "c"}]"#),
            path: "spec.versionInfo.candidates", message: "Canary takes exactly 1 candidate, found 2"),
        .init(
            name: "canary with a reward",
            json: SpecFixtures.canary().replacingOccurrences(
                of: #""requestCount""#, with: #""rewards": [{"metric": "books", "preferredDirection": "High"}], "requestCount""#),
            path: "spec.criteria.rewards", message: "Canary takes no rewards"),
        .init(
            name: "A/B without a reward", json: SpecFixtures.canary(strategy: #"{"testingPattern": "A/B"}"#),
            path: "spec.criteria.rewards", message: "A/B takes exactly 1 reward, found 0"),
        .init(
            name: "A/B/N without candidates",
            json: SpecFixtures.canary(strategy: #"{"testingPattern": "A/B/N"}"#, candidates: "[]"),
            path: "spec.versionInfo.candidates", message: "A/B/N takes at least 1 candidate"),
        .init(
            name: "conformance with a candidate", json: SpecFixtures.canary(strategy: #"{"testingPattern": "Conformance"}"#),
            path: "spec.versionInfo.candidates", message: "Conformance takes no candidates, found 1"),
        .init(
            name: "objective without limits",
            json: SpecFixtures.canary().replacingOccurrences(of: #", "upperLimit": "300""#, with: ""),
            path: "spec.criteria.objectives[0]", message: "needs an upperLimit, a lowerLimit or both"),
        .init(
            name: "lower limit above upper limit",
            json: SpecFixtures.canary().replacingOccurrences(of: #""upperLimit": "300""#, with: #""upperLimit": "300", "lowerLimit": "1k""#),
            path: "spec.criteria.objectives[0].lowerLimit", message: "lowerLimit 1k is above upperLimit 300"),
        .init(
            name: "bad metric reference",
            json: SpecFixtures.canary().replacingOccurrences(of: "iter8-istio/mean-latency", with: "a/b/c"),
            path: "spec.criteria.objectives[0].metric", message: "expected a metric reference"),
        .init(
            name: "bad reward direction",
            json: SpecFixtures.canary(strategy: #"{"testingPattern": "A/B"}"#).replacingOccurrences(
                of: #""requestCount""#, with: #""rewards": [{"metric": "books", "preferredDirection": "Up"}], "requestCount""#),
            path: "spec.criteria.rewards[0].preferredDirection", message: "expected one of High, Low, found \"Up\""),
        .init(
            name: "fieldPath without a dot",
            json: SpecFixtures.canary(
                candidates: #"[{"name": "v2", "weightObjRef": {"kind": "VirtualService", "name": "reviews", "fieldPath": "spec.http[0].route[1].weight"}}]"#
            ).replacingOccurrences(of: #","routing": {"virtualService": {"name": "reviews"}, "route": "reviews-route"}"#, with: ""),
            path: "spec.versionInfo.candidates[0].weightObjRef.fieldPath", message: "expected a path starting with '.'"),
        .init(
            name: "weightObjRef of another kind",
            json: SpecFixtures.canary(
                candidates: #"[{"name": "v2", "weightObjRef": {"kind": "Deployment", "name": "reviews", "fieldPath": ".spec.replicas"}}]"#),
            path: "spec.versionInfo.candidates[0].weightObjRef.kind", message: "only VirtualService weights can be set"),
        .init(
            name: "routing and weightObjRef together",
            json: SpecFixtures.canary(
                candidates: #"[{"name": "v2", "weightObjRef": {"kind": "VirtualService", "name": "reviews", "fieldPath": ".spec.http[0].route[1].weight"}}]"#),
            path: "spec.routing", message: "ambiguous routing"),
        .init(
            name: "no routing at all",
            json: SpecFixtures.canary().replacingOccurrences(
                of: #","# + "\n" + #"    "routing": {"virtualService": {"name": "reviews"}, "route": "reviews-route"}"#, with: ""),
            path: "spec.routing", message: "name the VirtualService and HTTP route"),
        .init(
            name: "destination for an unknown version",
            json: SpecFixtures.canary().replacingOccurrences(
                of: #""route": "reviews-route""#, with: #""route": "reviews-route", "destinations": {"reviews-v9": {"subset": "v9"}}"#),
            path: "spec.routing.destinations.reviews-v9", message: "is not a version of this experiment"),
        .init(
            name: "confidence out of range", json: SpecFixtures.canary(specExtra: #""analysis": {"confidence": 1.5}"#),
            path: "spec.analysis.confidence", message: "must be between 0.5 and 0.9999, found 1.5"),
        .init(
            name: "unknown engine", json: SpecFixtures.canary(specExtra: #""analysis": {"engine": "magic"}"#),
            path: "spec.analysis.engine", message: "expected one of bayes, iter8-v1, found \"magic\""),
        .init(
            name: "unknown apply mode", json: SpecFixtures.canary(specExtra: #""promotion": {"applyMode": "kubectl"}"#),
            path: "spec.promotion.applyMode", message: "expected one of cluster, git"),
        .init(
            name: "override split not summing to 100",
            json: SpecFixtures.canary(
                specExtra: #""manualOverride": {"action": "terminate", "trafficSplit": {"reviews-v1": 30, "reviews-v2": 30}}"#),
            path: "spec.manualOverride.trafficSplit", message: "weights must sum to 100, found 60"),
        .init(
            name: "override split with pause",
            json: SpecFixtures.canary(
                specExtra: #""manualOverride": {"action": "pause", "trafficSplit": {"reviews-v1": 100}}"#),
            path: "spec.manualOverride.trafficSplit", message: "goes with action terminate only"),
        .init(
            name: "override split naming an unknown version",
            json: SpecFixtures.canary(specExtra: #""manualOverride": {"action": "terminate", "trafficSplit": {"v7": 100}}"#),
            path: "spec.manualOverride.trafficSplit.v7", message: "\"v7\" is not a version"),
        .init(
            name: "reserved variable name",
            json: SpecFixtures.canary(candidates: #"[{"name": "reviews-v2", "variables": [{"name": "name", "value": "x"}]}]"#),
            path: "spec.versionInfo.candidates[0].variables[0].name", message: "reserved"),
        .init(
            name: "task with both task and run",
            json: SpecFixtures.canary(strategy: #"{"testingPattern": "Canary", "actions": {"start": [{"task": "a", "run": "b"}]}}"#),
            path: "spec.strategy.actions.start[0]", message: "exactly one of task or run"),
    ]

    @Test(arguments: cases)
    func reportsTheIssue(_ testCase: InvalidSpecCase) throws {
        let outcome = ExperimentValidator.validate(try SpecFixtures.document(testCase.json))
        #expect(outcome.experiment == nil)
        let matching = outcome.issues.filter { $0.path.description == testCase.path && $0.severity == .error }
        #expect(matching.contains { $0.message.contains(testCase.message) }, "issues: \(outcome.issues)")
    }

    @Test func reportsEveryProblemAtOnce() throws {
        let json = SpecFixtures.canary(
            strategy: #"{"testingPattern": "Canery", "weights": {"maxCandidateWeightIncrement": -1}}"#,
            specExtra: #""duration": {"maxLoops": 0}, "analysis": {"samples": 5}"#)
        let outcome = ExperimentValidator.validate(try SpecFixtures.document(json))
        #expect(
            outcome.issues.map(\.path.description) == [
                "spec.strategy.testingPattern", "spec.strategy.weights.maxCandidateWeightIncrement",
                "spec.duration.maxLoops", "spec.analysis.samples",
            ])
    }

    @Test func everyTaskButTheNotificationTasksOfStartAndFinishIsAWarningThatSaysItIsNotRun() throws {
        let strategy = #"""
            {"testingPattern": "Canary", "actions": {"loop": [{"task": "notification/slack", "with": {"channel": "c", "secret": "s"}}],
             "finish": [{"task": "common/exec", "with": {"cmd": "true"}}, {"run": "echo hi"}]}}
            """#
        let outcome = ExperimentValidator.validate(try SpecFixtures.document(SpecFixtures.canary(strategy: strategy)))
        let experiment = try #require(outcome.experiment, "the experiment runs")
        #expect(experiment.notificationTasks.isEmpty)
        let warnings = outcome.issues.filter { $0.severity == .warning && $0.path.description.hasPrefix("spec.strategy.actions") }
        #expect(warnings.map(\.path.description) == [
            "spec.strategy.actions.finish[0]", "spec.strategy.actions.finish[1]", "spec.strategy.actions.loop[0]",
        ])
        #expect(warnings[0].message == "task common/exec is not run: the service runs notification/slack and notification/http tasks only")
        #expect(warnings[1].message == "this run script is not run: the service runs no scripts")
        #expect(warnings[2].message.hasPrefix("task notification/slack in \"loop\" is not run: notification tasks run in start and finish only"))
    }

    @Test func conformanceNeedsNoRouting() throws {
        let json = SpecFixtures.canary(strategy: #"{"testingPattern": "Conformance"}"#, candidates: "[]")
        let outcome = ExperimentValidator.validate(try SpecFixtures.document(json))
        let experiment = try #require(outcome.experiment)
        #expect(experiment.routing == .none)
        #expect(outcome.issues.map(\.severity) == [.warning])
    }

    @Test func oneVersionMayOmitItsWeightObjRef() throws {
        let reference = #"{"kind": "VirtualService", "name": "reviews", "fieldPath": ".spec.http[0].route[1].weight"}"#
        let json = SpecFixtures.canary(candidates: #"[{"name": "reviews-v2", "weightObjRef": \#(reference)}]"#)
            .replacingOccurrences(
                of: #","# + "\n" + #"    "routing": {"virtualService": {"name": "reviews"}, "route": "reviews-route"}"#, with: "")
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.routing == .weightObjectReferences)
        let parsed = try #require(experiment.candidates[0].weightObjRef)
        #expect(parsed.path == "spec.http[0].route[1].weight")
        #expect(parsed.namespace == "bookinfo")
        #expect(parsed.apiVersion == "networking.istio.io/v1beta1")
    }
}
