import Foundation

/// Reads a Prometheus `/api/v1/query` response body: `{"status":"success","data":{"resultType":…,"result":…}}`
/// or `{"status":"error","errorType":…,"error":…}`.
enum QueryResponseParser {
    /// What the body says: a result, or Prometheus' error.
    enum Outcome {
        case result(QueryResult)
        case error(type: String, message: String)
    }

    /// Parses `body`; nil when it is not a Prometheus API response at all.
    static func parse(_ body: Data) throws(ParseFailure) -> Outcome {
        guard let json = try? JSONSerialization.jsonObject(with: body), let root = json as? [String: Any] else {
            throw ParseFailure("the body is not a JSON object: \(snippet(body))")
        }
        guard let status = root["status"] as? String else { throw ParseFailure("the body has no status field: \(snippet(body))") }
        if status != "success" {
            return .error(type: root["errorType"] as? String ?? "unknown", message: root["error"] as? String ?? "(no message)")
        }
        guard let data = root["data"] as? [String: Any], let type = data["resultType"] as? String else {
            throw ParseFailure("a success without data.resultType")
        }
        switch type {
        case "vector":
            guard let series = data["result"] as? [Any] else { throw ParseFailure("a vector result that is not a list") }
            var samples: [Sample] = []
            for entry in series {
                guard let entry = entry as? [String: Any], let pair = entry["value"] else {
                    throw ParseFailure("a vector element without value")
                }
                let (time, text) = try point(pair)
                var labels: [String: String] = [:]
                for (key, value) in entry["metric"] as? [String: Any] ?? [:] { labels[key] = value as? String ?? "\(value)" }
                samples.append(Sample(labels: labels, value: try number(text), timestamp: time))
            }
            return .result(.vector(samples))
        case "scalar":
            let (_, text) = try point(data["result"] as Any)
            return .result(.scalar(try number(text)))
        case "string":
            let (_, text) = try point(data["result"] as Any)
            return .result(.string(text))
        default:
            throw ParseFailure(
                "resultType \(type) (an instant query must give a vector or a scalar; use no range selector at the top level)",
                unexpected: true)
        }
    }

    /// `[1700000000.123, "42"]`.
    static func point(_ value: Any) throws(ParseFailure) -> (Double, String) {
        guard let pair = value as? [Any], pair.count == 2, let time = (pair[0] as? NSNumber)?.doubleValue,
            let text = pair[1] as? String
        else { throw ParseFailure("a sample that is not [time, \"value\"]") }
        return (time, text)
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
