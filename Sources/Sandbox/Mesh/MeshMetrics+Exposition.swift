import Foundation

extension MeshMetrics {
    /// The content type of ``exposition()``: Prometheus text format 0.0.4.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The metrics in Prometheus text format 0.0.4: `istio_requests_total`,
    /// `istio_request_duration_milliseconds` (histogram with cumulative buckets) and each business counter.
    ///
    /// - Parameter timestamp: when given, every sample carries it (milliseconds since 1970, the format's optional
    ///   last field), so a Prometheus that honours timestamps stores the values at that time, not at its scrape's.
    public func exposition(timestamp: Date? = nil) -> String {
        let stamp = timestamp.map { " \(Int64(($0.timeIntervalSince1970 * 1000).rounded()))" } ?? ""
        var out = ""
        let keys = series.keys.sorted()
        out += "# HELP istio_requests_total Total requests (simulated by the iter8 Sandbox).\n"
        out += "# TYPE istio_requests_total counter\n"
        for key in keys {
            out += "istio_requests_total{\(Self.labels(key))} \(series[key]!.count)\(stamp)\n"
        }
        out += "# HELP istio_request_duration_milliseconds Request duration (simulated by the iter8 Sandbox).\n"
        out += "# TYPE istio_request_duration_milliseconds histogram\n"
        for key in keys {
            let value = series[key]!
            let labels = Self.labels(key)
            var cumulative = 0
            for (index, bound) in Self.durationBuckets.enumerated() {
                cumulative += value.bucketCounts[index]
                out += "istio_request_duration_milliseconds_bucket{\(labels),le=\"\(Self.number(bound))\"} \(cumulative)\(stamp)\n"
            }
            out += "istio_request_duration_milliseconds_bucket{\(labels),le=\"+Inf\"} \(value.count)\(stamp)\n"
            out += "istio_request_duration_milliseconds_sum{\(labels)} \(Self.number(value.durationSum))\(stamp)\n"
            out += "istio_request_duration_milliseconds_count{\(labels)} \(value.count)\(stamp)\n"
        }
        let rewardKeys = rewards.keys.sorted()
        var lastMetric: String?
        for key in rewardKeys {
            if key.metric != lastMetric {
                out += "# HELP \(key.metric) Business events (simulated by the iter8 Sandbox).\n"
                out += "# TYPE \(key.metric) counter\n"
                lastMetric = key.metric
            }
            out += "\(key.metric){\(Self.render(Self.labelPairs(key)))} \(rewards[key]!)\(stamp)\n"
        }
        return out
    }

    static func labels(_ key: SeriesKey) -> String { render(labelPairs(key)) }

    /// The labels of a request series, in exposition order (the query API's series carry the same).
    static func labelPairs(_ key: SeriesKey) -> [(String, String)] {
        let service = key.service.split(separator: ".", maxSplits: 2).map(String.init)
        return ([
            ("reporter", "source"), ("source_workload", sourceWorkload), ("source_workload_namespace", "default"),
            ("destination_workload", key.workload), ("destination_workload_namespace", key.namespace),
            ("destination_service", key.service), ("destination_service_name", service.first ?? key.service),
            ("destination_service_namespace", service.count > 1 ? service[1] : key.namespace),
            ("destination_version", key.version), ("request_protocol", "http"),
            ("response_code", String(key.responseCode)),
        ])
    }

    /// The labels of a business counter series, in exposition order.
    static func labelPairs(_ key: RewardKey) -> [(String, String)] {
        [("destination_workload", key.workload), ("destination_workload_namespace", key.namespace)]
    }

    static func render(_ labels: [(String, String)]) -> String {
        labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",")
    }

    /// Escapes a label value: backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A number as Prometheus prints it: integers without a fraction.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
