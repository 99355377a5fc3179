import Foundation
import JSON

/// Reads a Prometheus `/api/v1/query` response body: `{"status":"success","data":{"resultType":…,"result":…}}`
/// or `{"status":"error","errorType":…,"error":…}`.
enum QueryResponseParser {
    /// What the body says: a result, or Prometheus' error.
    enum Outcome {
        case result(QueryResult)
        case error(type: String, message: String)
    }

    /// Parses `body`, read into a ``JSONValue`` (`JSONSerialization`, before, was 2.8 % of `iter8 run`'s CPU at 1,000
    /// experiments).
    static func parse(_ body: Data) throws(ParseFailure) -> Outcome {
        // Why the JSON is broken is left out: the message shows the body itself.
        guard let root = (try? JSONValue.parse(body))?.objectValue else {
            throw ParseFailure("the body is not a JSON object: \(snippet(body))")
        }
        guard let status = root["status"]?.stringValue else { throw ParseFailure("the body has no status field: \(snippet(body))") }
        if status != "success" {
            return .error(type: root["errorType"]?.stringValue ?? "unknown", message: root["error"]?.stringValue ?? "(no message)")
        }
        guard let data = root["data"], let type = data["resultType"]?.stringValue else {
            throw ParseFailure("a success without data.resultType")
        }
        switch type {
        case "vector":
            guard let series = data["result"]?.arrayValue else { throw ParseFailure("a vector result that is not a list") }
            var samples: [Sample] = []
            samples.reserveCapacity(series.count)
            for entry in series {
                guard let pair = entry["value"] else { throw ParseFailure("a vector element without value") }
                let (time, text) = try point(pair)
                var labels: [String: String] = [:]
                for (key, value) in entry["metric"]?.objectValue ?? [:] { labels[key] = value.stringValue ?? jsonText(value) }
                samples.append(Sample(labels: labels, value: try number(text), timestamp: time))
            }
            return .result(.vector(samples))
        case "scalar":
            let (_, text) = try point(data["result"])
            return .result(.scalar(try number(text)))
        case "string":
            let (_, text) = try point(data["result"])
            return .result(.string(text))
        default:
            throw ParseFailure(
                "resultType \(type) (an instant query must give a vector or a scalar; use no range selector at the top level)",
                unexpected: true)
        }
    }

    /// `[1700000000.123, "42"]`.
    static func point(_ value: JSONValue?) throws(ParseFailure) -> (Double, String) {
        guard let pair = value?.arrayValue, pair.count == 2, let time = pair[0].doubleValue, let text = pair[1].stringValue
        else { throw ParseFailure("a sample that is not [time, \"value\"]") }
        return (time, text)
    }

    /// A label value that is not a string (Prometheus sends none) as its JSON text, e.g. `5`.
    private static func jsonText(_ value: JSONValue) -> String {
        // Encoding a value the reader made cannot fail (its numbers are finite); nothing is lost by "" otherwise.
        String(decoding: (try? value.encoded()) ?? Data(), as: UTF8.self)
    }

    /// Prometheus' float text: decimal, `NaN`, `+Inf`, `-Inf`.
    static func number(_ text: String) throws(ParseFailure) -> Double {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            guard let value = Double(text) else { throw ParseFailure("the value \"\(text)\" is not a number") }
            return value
        }
    }

    static func snippet(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return body.isEmpty ? "(empty)" : "\"\(text)\(body.count > 200 ? "…" : "")\""
    }

    /// Why a body is not a usable Prometheus response.
    struct ParseFailure: Error {
        var message: String
        /// A well-formed response with a result of the wrong shape (not a broken body).
        var unexpected: Bool
        init(_ message: String, unexpected: Bool = false) {
            self.message = message
            self.unexpected = unexpected
        }
    }
}
