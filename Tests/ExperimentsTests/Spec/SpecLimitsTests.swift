import Experiments
import Foundation
import Testing

/// `iter8 validate` is the service's own gate: numbers outside their documented ranges and names that are not
/// Kubernetes names are errors naming the field, so nothing accepted can trap or escape later. Each case here
/// crashed, hung or escaped on 87aebbc.
@Suite("Spec limits and names")
struct SpecLimitsTests {
    static func errors(_ json: String) throws -> [String] {
        ExperimentValidator.validate(try SpecFixtures.document(json)).issues.filter { $0.severity == .error }.map(\.description)
    }

    static func v1Errors(_ json: String) throws -> [String] {
        V1Alpha2Translator.translate(try SpecFixtures.v1(json)).issues.filter { $0.severity == .error }.map(\.description)
    }

    @Test(arguments: [
        (#""duration": {"intervalSeconds": 922337203685477581}"#, "spec.duration.intervalSeconds: must be between 1 and 86400"),
        (#""duration": {"intervalSeconds": 0}"#, "spec.duration.intervalSeconds: must be between 1 and 86400"),
        (#""duration": {"iterationsPerLoop": 4294967296, "maxLoops": 4294967296}"#, "spec.duration.iterationsPerLoop: must be between 1 and 10000"),
        (#""duration": {"iterationsPerLoop": 10000, "maxLoops": 2}"#, "spec.duration: iterationsPerLoop × maxLoops must be at most 10000"),
        (#""duration": {"maxLoops": 1001}"#, "spec.duration.maxLoops: must be between 1 and 1000"),
        (#""manualOverride": {"action": "terminate", "trafficSplit": {"reviews-v1": 9223372036854775807, "reviews-v2": 9223372036854775807}}"#,
            "spec.manualOverride.trafficSplit.reviews-v1: must be between 0 and 100"),
        (#""analysis": {"noDataDeadlineSeconds": 9223372036854775807}"#, "spec.analysis.noDataDeadlineSeconds: must be at most 2592000"),
        (#""analysis": {"minRequestsPerVersion": 9223372036854775807}"#, "spec.analysis.minRequestsPerVersion: must be between 0 and 1000000000"),
        (#""promotion": {"manifest": "../../etc/passwd"}"#, "spec.promotion.manifest: expected a relative path inside the repository"),
        (#""promotion": {"manifest": ".git/config"}"#, "spec.promotion.manifest: expected a relative path inside the repository"),
    ])
    func outOfRangeNumbersAreErrors(extra: String, message: String) throws {
        let errors = try Self.errors(SpecFixtures.canary(specExtra: extra))
        #expect(errors.contains { $0.contains(message) }, "\(errors)")
    }

    @Test func theBoundsThemselvesAreAccepted() throws {
        let json = SpecFixtures.canary(specExtra: #""duration": {"intervalSeconds": 86400, "iterationsPerLoop": 10, "maxLoops": 1000}"#)
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        #expect(experiment.totalIterations == 10_000)
    }

    @Test func hugeAndInfiniteLimitsAreErrors() throws {
        for limit in ["1.7e308", "-1.7e308", "2e19", "1e308", String(repeating: "9", count: 400), "9" + String(repeating: "0", count: 300) + "Ei"] {
            let json = SpecFixtures.canary().replacingOccurrences(of: #""upperLimit": "300""#, with: #""upperLimit": "\#(limit)""#)
            let errors = try Self.errors(json)
            #expect(errors.contains { $0.contains("objectives[0].upperLimit: must be a finite number of magnitude at most 1e19") }, "\(limit): \(errors)")
        }
        let json = SpecFixtures.canary().replacingOccurrences(of: #""upperLimit": "300""#, with: #""upperLimit": "1Ei""#)
        #expect(try Self.errors(json).isEmpty)
    }

    @Test(arguments: ["/", "a/b/c", "/reviews", "bookinfo/", "Bookinfo/reviews", "book info/reviews", "a/../../b", String(repeating: "n", count: 64) + "/reviews"])
    func badTargetsAreErrorsNotTraps(target: String) throws {
        let json = SpecFixtures.canary()
            .replacingOccurrences(of: #""target": "bookinfo/reviews""#, with: #""target": "\#(target)""#)
            .replacingOccurrences(of: #""metadata": {"name": "reviews-canary", "namespace": "bookinfo"}"#, with: #""metadata": {"name": "reviews-canary"}"#)
        let errors = try Self.errors(json)
        #expect(errors.contains { $0.hasPrefix("spec.target: expected namespace/name or name") }, "\(target): \(errors)")
    }

    @Test func namesAndNamespacesAreKubernetesNames() throws {
        let cases: [(String, String, String)] = [
            (#""metadata": {"name": "reviews-canary", "namespace": "bookinfo"}"#, #""metadata": {"name": "a/../../b", "namespace": "bookinfo"}"#, "metadata.name"),
            (#""metadata": {"name": "reviews-canary", "namespace": "bookinfo"}"#, #""metadata": {"name": "\#(String(repeating: "a", count: 254))", "namespace": "bookinfo"}"#, "metadata.name"),
            (#""metadata": {"name": "reviews-canary", "namespace": "bookinfo"}"#, #""metadata": {"name": "reviews-canary", "namespace": "\#(String(repeating: "a", count: 64))"}"#, "metadata.namespace"),
            (#""virtualService": {"name": "reviews"}"#, #""virtualService": {"name": "reviews", "namespace": "../kube-system"}"#, "spec.routing.virtualService.namespace"),
            (#""virtualService": {"name": "reviews"}"#, #""virtualService": {"name": "re/views"}"#, "spec.routing.virtualService.name"),
            (#""name": "reviews-v2", "variables""#, #""name": "Reviews_V2", "variables""#, "spec.versionInfo.candidates[0].name"),
        ]
        for (from, to, field) in cases {
            let json = SpecFixtures.canary().replacingOccurrences(of: from, with: to)
            let errors = try Self.errors(json)
            #expect(errors.contains { $0.hasPrefix(field + ": ") }, "\(field): \(errors)")
        }
        let subset = SpecFixtures.canary().replacingOccurrences(
            of: #""route": "reviews-route""#, with: #""route": "reviews-route", "destinations": {"reviews-v2": {"subset": "v2/../x"}}"#)
        #expect(try Self.errors(subset).contains { $0.hasPrefix("spec.routing.destinations.reviews-v2.subset: ") })
        // The longest names Kubernetes takes are fine.
        let longest = SpecFixtures.canary().replacingOccurrences(
            of: #""metadata": {"name": "reviews-canary", "namespace": "bookinfo"}"#,
            with: #""metadata": {"name": "\#(String(repeating: "a", count: 253))", "namespace": "bookinfo"}"#)
        #expect(try Self.errors(longest).isEmpty)
    }

    @Test func tooManyVersionsOrMetricsAreErrors() throws {
        let candidates = "[" + (0..<21).map { #"{"name": "v\#($0)"}"# }.joined(separator: ",") + "]"
        let abn = SpecFixtures.canary(strategy: #"{"testingPattern": "A/B/N"}"#, candidates: candidates)
        #expect(try Self.errors(abn).contains { $0.contains("at most 20 candidates, found 21") })
        let indicators = "[" + (0..<33).map { _ in #""iter8-istio/request-count""# }.joined(separator: ",") + "]"
        let many = SpecFixtures.canary().replacingOccurrences(
            of: #""requestCount": "iter8-istio/request-count","#, with: #""indicators": \#(indicators),"#)
        #expect(try Self.errors(many).contains { $0.contains("at most 32 objectives, rewards and indicators together") })
    }

    @Test func v1alpha2NumbersAndNamesAreBounded() throws {
        let base = V1Alpha2TranslationTests.document()
        let interval = try Self.v1Errors(
            V1Alpha2TranslationTests.document(extra: #""duration": {"interval": "99999999999999999999s"}"#))
        #expect(interval.contains { $0.hasPrefix("spec.duration.interval: must be at most 24h") }, "\(interval)")
        let iterations = try Self.v1Errors(V1Alpha2TranslationTests.document(extra: #""duration": {"maxIterations": 9223372036854775807}"#))
        #expect(iterations.contains { $0.hasPrefix("spec.duration.maxIterations: must be between 1 and 10000") })
        let namespace = try Self.v1Errors(base.replacingOccurrences(of: #""namespace": "bookinfo", "baseline""#, with: #""namespace": "a/../b", "baseline""#))
        #expect(namespace.contains { $0.hasPrefix("spec.service.namespace: ") }, "\(namespace)")
        let threshold = try Self.v1Errors(V1Alpha2TranslationTests.document(
            criteria: #"[{"metric": "iter8_error_rate", "threshold": {"type": "absolute", "value": 1e300}}]"#))
        #expect(threshold.contains { $0.contains("threshold.value: must be a finite number of magnitude at most 1e19") })
    }

    @Test func kubernetesNameRules() {
        #expect(KubernetesName.isLabel("a"))
        #expect(KubernetesName.isLabel(String(repeating: "a", count: 63)))
        #expect(!KubernetesName.isLabel(String(repeating: "a", count: 64)))
        #expect(!KubernetesName.isLabel("a.b"))
        #expect(!KubernetesName.isLabel("-a"))
        #expect(!KubernetesName.isLabel("é"))
        #expect(KubernetesName.isSubdomain("reviews.bookinfo.svc.cluster.local"))
        #expect(!KubernetesName.isSubdomain("a..b"))
        #expect(!KubernetesName.isSubdomain("a/b"))
        #expect(!KubernetesName.isSubdomain(String(repeating: "a", count: 254)))
    }
}

@Suite("Spec variable values")
struct SpecVariableValueTests {
    @Test(arguments: [#"book\"info"#, #"a\\b"#, "a`b", #"a\nb"#, String(repeating: "a", count: 1025)])
    func valuesCannotBreakOutOfALabelMatcher(value: String) throws {
        let json = SpecFixtures.canary().replacingOccurrences(
            of: #"{"name": "reviews-v2", "variables": [{"name": "namespace", "value": "bookinfo"}]}"#,
            with: #"{"name": "reviews-v2", "variables": [{"name": "namespace", "value": "\#(value)"}]}"#)
        let errors = try SpecLimitsTests.errors(json)
        #expect(errors.contains { $0.hasPrefix("spec.versionInfo.candidates[0].variables[0].value: must be at most 1024 bytes") }, "\(errors)")
    }

    @Test func regexAlternativesStayAllowed() throws {
        let json = SpecFixtures.canary().replacingOccurrences(
            of: #"{"name": "reviews-v2", "variables": [{"name": "namespace", "value": "bookinfo"}]}"#,
            with: #"{"name": "reviews-v2", "variables": [{"name": "namespace", "value": "bookinfo|shop.*"}]}"#)
        #expect(try SpecLimitsTests.errors(json).isEmpty)
    }
}

/// A Prometheus answer is outside input too: 1e308 requests made the bayes engine run for minutes. Such
/// measurements are an analysis error (the iteration holds with the reason), never an engine's input.
@Suite("Implausible measurements")
struct ImplausibleObservationTests {
    @Test(arguments: [
        Observation.counts(events: 1e308, trials: 1.7e308), .counts(events: 1, trials: .infinity), .counts(events: .nan, trials: 10),
        .gauge(value: .nan, sampleSize: nil), .gauge(value: 1, sampleSize: 1e300), .counter(-.infinity),
    ])
    func areRefusedBeforeAnyEngineRuns(observation: Observation) throws {
        let json = SpecFixtures.canary()
        let experiment = try #require(ExperimentValidator.validate(try SpecFixtures.document(json)).experiment)
        let (metrics, _) = MetricCatalog().resolve(experiment)
        let input = AnalysisInputBuilder.input(
            for: experiment, metrics: metrics,
            observations: [
                "reviews-v1": ["iter8-istio/error-rate": .counts(events: 1, trials: 1000)],
                "reviews-v2": ["iter8-istio/error-rate": observation],
            ],
            currentWeights: ["reviews-v1": 90, "reviews-v2": 10], seed: 1)
        do {
            try input.validate(patternRules: true)
            Issue.record("\(observation) was accepted")
        } catch {
            #expect(error.code == .implausibleObservation)
        }
        #expect(Observation.counts(events: 3, trials: 1e9).implausibility == nil)
        #expect(Observation.counts(events: -1, trials: 10).implausibility == nil)
    }
}
