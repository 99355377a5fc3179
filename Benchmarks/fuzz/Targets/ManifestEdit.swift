import Experiments
import Foundation
import Istio
import Kubernetes

/// The surgical manifest edit: in `git` apply mode the service rewrites the weight scalars (or, on an A/B
/// promotion, deletes route lines) of a VirtualService file a human keeps in the repository. The input is one byte
/// choosing the routing, one the operation and one the candidate's weight, then the file's text. Beyond not
/// crashing, a split that is written must read back: the edited text parses and its route carries exactly the
/// requested weights.
// libFuzzer: -dict=Benchmarks/fuzz/dict/yaml.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func manifestEdit(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let (routing, versions) = input.choose(ManifestFuzz.routings)
    let operation = input.byte() % 3
    let weight = Int(input.byte() % 101)
    let text = String(decoding: input.rest(), as: UTF8.self)
    guard let manifest = try? VirtualServiceManifest(source: text, file: "istio/reviews.yaml") else { return 0 }
    _ = try? manifest.virtualService(name: "reviews", namespace: "bookinfo")
    switch operation {
    case 0:
        let split = ["v1": 100 - weight, "v2": weight]
        guard let output = try? manifest.applying(split, routing: routing, versions: versions) else { return 0 }
        ManifestFuzz.expect(split, in: output, routing: routing, versions: versions)
    default:
        let winner = operation == 1 ? "v1" : "v2"
        guard let output = try? manifest.promoting(winner, routing: routing, versions: versions) else { return 0 }
        guard (try? VirtualServiceManifest(source: output)) != nil else {
            fatalError("the promoted manifest does not parse:\n\(output)")
        }
    }
    return 0
}

enum ManifestFuzz {
    static let versions = [
        VersionSpec(name: "v1", variables: [.init(name: "namespace", value: "bookinfo")]),
        VersionSpec(name: "v2", variables: [.init(name: "namespace", value: "bookinfo")]),
    ]

    static func route(_ name: String?) -> RoutingSpec {
        .virtualService(VirtualServiceRoute(name: "reviews", namespace: "bookinfo", route: name, destinations: [:], match: []))
    }

    static let routings: [(RoutingSpec, [VersionSpec])] = [
        (route("primary"), versions),
        (route(nil), versions),
        (route("experiment"), versions),
        (.weightObjectReferences, ["v1", "v2"].enumerated().map { index, name in
            VersionSpec(
                name: name, variables: [.init(name: "namespace", value: "bookinfo")],
                weightObjRef: WeightObjectReference(
                    apiVersion: "networking.istio.io/v1beta1", kind: "VirtualService", name: "reviews", namespace: "bookinfo",
                    fieldPath: ".spec.http[0].route[\(index)].weight", path: FieldPath(stringLiteral: "spec.http[0].route[\(index)].weight")))
        }),
    ]

    /// Traps unless `output` parses and the route it declares carries `split`.
    static func expect(_ split: [String: Int], in output: String, routing: RoutingSpec, versions: [VersionSpec]) {
        do {
            let manifest = try VirtualServiceManifest(source: output)
            let virtualService = try manifest.virtualService(name: "reviews", namespace: "bookinfo").virtualService
            let binding = try RouteLocator.locate(routing: routing, versions: versions, in: virtualService, destinationRules: nil)
            let written = try RouteEditor.currentSplit(of: virtualService, binding: binding)
            guard written == split else { fatalError("asked for \(split), the edited file says \(written):\n\(output)") }
        } catch {
            fatalError("the edited manifest does not read back: \(error)\n\(output)")
        }
    }
}
