import Experiments
import Foundation
import Istio
import Kubernetes

/// Experiments, routing specs and objects shared by the Istio tests.
enum Fixtures {
    static func versions(_ names: [String], references: [String?] = [], object: String = "reviews") -> [VersionSpec] {
        names.enumerated().map { index, name in
            let path = index < references.count ? references[index] : nil
            return VersionSpec(
                name: name, variables: [.init(name: "namespace", value: "bookinfo")],
                weightObjRef: path.map {
                    WeightObjectReference(
                        apiVersion: "networking.istio.io/v1beta1", kind: "VirtualService", name: object, namespace: "bookinfo",
                        fieldPath: $0, path: FieldPath(stringLiteral: String($0.dropFirst())))
                })
        }
    }

    static func route(
        _ name: String? = nil, virtualService: String = "reviews", destinations: [String: VirtualServiceRoute.Destination] = [:],
        match: [HTTPMatch] = []
    ) -> RoutingSpec {
        .virtualService(
            VirtualServiceRoute(name: virtualService, namespace: "bookinfo", route: name, destinations: destinations, match: match))
    }

    static func experiment(_ versions: [VersionSpec], routing: RoutingSpec) -> Experiment {
        Experiment(
            name: "reviews-rollout", namespace: "bookinfo", target: "bookinfo/reviews", sourceAPIVersion: "iter8.tools/v2alpha2",
            testingPattern: .canary, deploymentPattern: .progressive, baseline: versions[0], candidates: Array(versions.dropFirst()),
            criteria: CriteriaSpec(objectives: [], indicators: []),
            duration: DurationSpec(intervalSeconds: 10, iterationsPerLoop: 5, maxLoops: 1),
            weightCaps: CandidateWeightCaps(maxCandidateWeight: 100, maxCandidateWeightIncrement: 100), routing: routing,
            analysis: .defaults(intervalSeconds: 10), promotion: PromotionSettings(onTermination: .toWinner, applyMode: .cluster),
            actionNames: [])
    }

    static func virtualService(_ file: String = "reviews-vs.json") throws -> VirtualService {
        try VirtualService(Golden.json(file))
    }

    static func destinationRules(_ file: String = "reviews-dr.json") throws -> [DestinationRule] {
        [try DestinationRule(Golden.json(file))]
    }

    /// The object with every `weight` of every HTTP route destination removed: what must be unchanged by a split.
    static func withoutWeights(_ object: JSONValue) -> JSONValue {
        switch object {
        case .object(var members):
            members["weight"] = nil
            return .object(members.mapValues(withoutWeights))
        case .array(let elements): return .array(elements.map(withoutWeights))
        default: return object
        }
    }
}
