import Experiments
import Foundation

/// JSON spec documents for validator tests (JSON is YAML, so these read like the files users write).
enum SpecFixtures {
    static func document(_ json: String) throws -> ExperimentDocument {
        try JSONDecoder().decode(ExperimentDocument.self, from: Data(json.utf8))
    }

    static func v1(_ json: String) throws -> V1Alpha2Document {
        try JSONDecoder().decode(V1Alpha2Document.self, from: Data(json.utf8))
    }

    /// A valid canary on bookinfo reviews, with `spec` fields replaced or added by `specExtra`.
    static func canary(strategy: String = #"{"testingPattern": "Canary"}"#, specExtra: String = "", candidates: String? = nil)
        -> String
    {
        """
        {
          "apiVersion": "iter8.tools/v2alpha2",
          "kind": "Experiment",
          "metadata": {"name": "reviews-canary", "namespace": "bookinfo"},
          "spec": {
            "target": "bookinfo/reviews",
            "strategy": \(strategy),
            "criteria": {
              "requestCount": "iter8-istio/request-count",
              "objectives": [
                {"metric": "iter8-istio/mean-latency", "upperLimit": "300"},
                {"metric": "iter8-istio/error-rate", "upperLimit": "10m"}
              ]
            },
            "versionInfo": {
              "baseline": {"name": "reviews-v1", "variables": [{"name": "namespace", "value": "bookinfo"}]},
              "candidates": \(candidates ?? #"[{"name": "reviews-v2", "variables": [{"name": "namespace", "value": "bookinfo"}]}]"#)
            },
            "routing": {"virtualService": {"name": "reviews"}, "route": "reviews-route"}\(specExtra.isEmpty ? "" : ",\n" + specExtra)
          }
        }
        """
    }
}
