import Experiments
import Foundation
import Istio
import Kubernetes
import Testing

@Suite("A live route's weights outside 0–100 are an invalid object, not a split")
struct LiveWeightRangeTests {
    /// The golden VirtualService with the primary route's weights (90 and 10) replaced.
    static func virtualService(v1: String, v2: String) throws -> VirtualService {
        let text = try Golden.text("reviews-vs.json")
            .replacingOccurrences(of: "\"weight\": 10\n", with: "\"weight\": \(v2)\n")
            .replacingOccurrences(of: "\"weight\": 90\n", with: "\"weight\": \(v1)\n")
        return try VirtualService(JSONValue.parse(Data(text.utf8)))
    }

    static func binding(_ virtualService: VirtualService) throws -> RouteBinding {
        try RouteLocator.locate(
            routing: Fixtures.route("primary"), versions: Fixtures.versions(["v1", "v2"]), in: virtualService,
            destinationRules: Fixtures.destinationRules())
    }

    // Found by the KubernetesJSON fuzz target: two weights of Int64.max read from the cluster went on to the state
    // machine, whose first split sums the live weights, and the reconciler trapped on the overflow.
    @Test(
        "the reading is refused, naming the destination and its weight",
        arguments: [("9223372036854775807", "9223372036854775807"), ("-5", "105"), ("101", "0")])
    func refused(_ weights: (String, String)) throws {
        let virtualService = try Self.virtualService(v1: weights.0, v2: weights.1)
        let binding = try Self.binding(virtualService)
        let error = try #require(throws: IstioError.self) { try RouteEditor.currentSplit(of: virtualService, binding: binding) }
        #expect(error.code == .invalidObject)
        #expect(error.route == "primary")
        #expect(error.version == "v1" && error.message.contains("has weight \(weights.0), outside 0–100"))
    }

    @Test("0 and 100 are weights like any other")
    func edges() throws {
        let virtualService = try Self.virtualService(v1: "0", v2: "100")
        #expect(try RouteEditor.currentSplit(of: virtualService, binding: Self.binding(virtualService)) == ["v1": 0, "v2": 100])
    }
}
