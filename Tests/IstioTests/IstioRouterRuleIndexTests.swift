import Experiments
import Foundation
import Istio
import Kubernetes
import Testing
import TestSupport

/// The router indexes a namespace's DestinationRules by host once per listing: in a namespace of a thousand
/// services it consults only the rules of the VirtualService's hosts, and a changed rule is seen at the next read.
@Suite struct IstioRouterRuleIndexTests {
    let versions = Fixtures.versions(["v1", "v2"])

    @Test func aThousandOtherRulesChangeNothingAndAChangedRuleIsSeen() async throws {
        let client = InMemoryKubernetesClient(servedVersions: ["networking.istio.io": ["v1"]], defaultNamespace: "bookinfo")
        try await client.seed(.virtualService("v1"), Golden.json("reviews-vs.json"))
        let reviews = try Golden.json("reviews-dr.json")
        for index in 0..<1_000 {
            var other = reviews
            other["metadata"]?["name"] = .string("svc-\(index)")
            other["spec"]?["host"] = .string("svc-\(index)")
            other["spec"]?["subsets"] = .array([])  // would fail the subset check if it were consulted
            try await client.seed(.destinationRule("v1"), other)
        }
        try await client.seed(.destinationRule("v1"), reviews)
        let router = IstioRouter(client: client)
        let experiment = Fixtures.experiment(versions, routing: Fixtures.route("primary"))
        for _ in 0..<3 { #expect(try await router.currentSplit(for: experiment) == ["v1": 90, "v2": 10]) }
        // The reviews rule loses subset v2: the next listing differs, the index is rebuilt, the check fails.
        var changed = reviews
        changed["spec"]?["subsets"] = .array([reviews["spec"]!["subsets"]![0]!])
        _ = try await client.update(.destinationRule("v1"), namespace: "bookinfo", object: changed)
        let error = try await #require(throws: IstioError.self) { try await router.apply(["v1": 50, "v2": 50], for: experiment) }
        #expect(error.code == .subsetNotFound && error.version == "v2")
    }
}
