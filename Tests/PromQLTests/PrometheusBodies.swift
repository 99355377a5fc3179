import Foundation
import HTTPTransport
import TestSupport

/// Prometheus API response bodies, and transports answering with them, for the parsing tests.
enum PrometheusBodies {
    /// A success body with a vector of `(labels, value)` samples.
    static func vector(_ samples: [([String: String], String)]) -> String {
        let series = samples.map { labels, value in
            let metric = labels.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
            return "{\"metric\":{\(metric)},\"value\":[1700000000.5,\"\(value)\"]}"
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[\(series.joined(separator: ","))]}}"
    }

    /// A transport answering every request with `status` and `body`.
    static func transport(status: Int = 200, _ body: String) -> ScriptedHTTPTransport {
        ScriptedHTTPTransport { _, _ in ScriptedHTTPTransport.json(status, body) }
    }
}
