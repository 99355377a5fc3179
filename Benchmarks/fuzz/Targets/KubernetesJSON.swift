import Experiments
import Foundation
@testable import GitOps
import HTTPTransport
import Istio
import Kubernetes

/// Kubernetes JSON: every answer the service reads from an API server, through the real REST client and the
/// real Istio router — discovery documents, a VirtualService, a DestinationRule list, the answer to a patch,
/// a Deployment (readiness), a Lease (leader election) — with any status code, so error bodies go through the
/// `Status` parsing and the retry paths; the live split goes on to the state machine as the reconciler hands it
/// over. The input is one byte per body choosing its HTTP status, one choosing the experiment's routing, one the
/// operation, then up to six bodies separated by NUL bytes.
///
/// The client is async: a task on the pool runs each input and is released just after it signals the harness, so
/// libFuzzer sees more mallocs than frees after almost every input and runs a full leak check each time (15–30×
/// slower). Leaks are therefore checked per input only in the synchronous targets:
// libFuzzer: -detect_leaks=0 -dict=Benchmarks/fuzz/dict/json.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func kubernetesJSON(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let statuses = (0..<6).map { _ in input.choose(KubeFuzz.statuses) }
    let routing = input.choose(KubeFuzz.routings)
    let operation = input.byte() % 4
    let bodies = input.parts(limit: 6).map { Data($0) }
    let transport = KubeFuzz.Transport(bodies: bodies, statuses: statuses)
    let client = RESTKubernetesClient(
        connection: KubeConnection(server: URL(string: "https://kubernetes.fuzz:6443")!, namespace: "bookinfo"),
        options: .init(sleep: { _ in }), transport: transport)
    runBlocking {
        let router = IstioRouter(client: client)
        let experiment = KubeFuzz.experiment(routing)
        do {
            switch operation {
            case 0:
                // The reconciler hands the live split to the state machine when the versions are ready.
                let live = try await router.currentSplit(for: experiment)
                let now = Date(timeIntervalSince1970: 1_800_000_000)
                var machine = ExperimentStateMachine(experiment: experiment, state: .new(at: now))
                _ = machine.handle(.targetChecked(ownsTarget: true, queuedBehind: nil), at: now)
                _ = machine.handle(.versionsChecked(VersionsCheck(ready: true, message: "ready", currentWeights: live)), at: now)
            case 1: _ = try await router.apply(["v1": 70, "v2": 30], for: experiment)
            case 2: _ = try await router.promote("v2", for: experiment)
            default: _ = try await client.list(.deployment, namespace: "bookinfo", labelSelector: "app=reviews").map(DeploymentReadiness.init)
            }
        } catch {
            _ = String(describing: error)
            if let error = error as? KubeError { _ = error.statusObject }
        }
        if let deployment = try? await client.get(.deployment, namespace: "bookinfo", name: "reviews-v2") {
            _ = DeploymentReadiness(deployment: deployment).description
        }
        if let lease = try? await client.get(.lease, namespace: "bookinfo", name: "iter8") {
            let record = LeaseRecord(lease: lease)
            _ = record.written(into: lease)
        }
    }
    return 0
}

enum KubeFuzz {
    /// Mostly success, so the fuzzer gets past discovery; every class of error the client handles.
    static let statuses = [200, 200, 200, 200, 201, 404, 409, 422, 500, 503, 429, 401, 403, 400, 301, 204, 599, 100]

    static let versions = [
        VersionSpec(name: "v1", variables: [.init(name: "namespace", value: "bookinfo")]),
        VersionSpec(name: "v2", variables: [.init(name: "namespace", value: "bookinfo")]),
    ]

    static let routings: [(RoutingSpec, [VersionSpec])] = [
        (.virtualService(VirtualServiceRoute(name: "reviews", namespace: "bookinfo", route: "primary", destinations: [:], match: [])), versions),
        (.virtualService(VirtualServiceRoute(name: "reviews", namespace: "bookinfo", route: nil, destinations: [:], match: [])), versions),
        (.weightObjectReferences, ["v1", "v2"].enumerated().map { index, name in
            VersionSpec(
                name: name, variables: [.init(name: "namespace", value: "bookinfo")],
                weightObjRef: WeightObjectReference(
                    apiVersion: "networking.istio.io/v1beta1", kind: "VirtualService", name: "reviews", namespace: "bookinfo",
                    fieldPath: ".spec.http[0].route[\(index)].weight", path: FieldPath(stringLiteral: "spec.http[0].route[\(index)].weight")))
        }),
    ]

    static func experiment(_ routing: (RoutingSpec, [VersionSpec])) -> Experiment {
        Experiment(
            name: "reviews-rollout", namespace: "bookinfo", target: "bookinfo/reviews", sourceAPIVersion: "iter8.tools/v2alpha2",
            testingPattern: .canary, deploymentPattern: .progressive, baseline: routing.1[0], candidates: Array(routing.1.dropFirst()),
            criteria: CriteriaSpec(objectives: [], indicators: []),
            duration: DurationSpec(intervalSeconds: 10, iterationsPerLoop: 5, maxLoops: 1),
            weightCaps: CandidateWeightCaps(maxCandidateWeight: 100, maxCandidateWeightIncrement: 100), routing: routing.0,
            analysis: .defaults(intervalSeconds: 10), promotion: PromotionSettings(onTermination: .toWinner, applyMode: .cluster),
            actionNames: [])
    }

    /// Answers by what is asked: body 0 for API discovery, 1 for a VirtualService, 2 for lists, 3 for patches,
    /// 4 for a Deployment, 5 for a Lease (the first body when there are fewer).
    final class Transport: HTTPTransport {
        let bodies: [Data]
        let statuses: [Int]

        init(bodies: [Data], statuses: [Int]) {
            self.bodies = bodies
            self.statuses = statuses
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let path = request.url.path
            let slot =
                if request.method == .patch { 3 }
                else if path.hasSuffix("/leases/iter8") { 5 }
                else if path.contains("/deployments/") { 4 }
                else if path.hasSuffix("/virtualservices/reviews") { 1 }
                else if path.hasSuffix("s") && !path.hasSuffix("networking.istio.io") { 2 }
                else { 0 }
            let body = slot < bodies.count ? bodies[slot] : bodies[0]
            return HTTPResponse(status: statuses[slot], headers: ["Content-Type": "application/json"], body: body)
        }
    }
}
