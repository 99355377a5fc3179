import Experiments
import Kubernetes

/// Routes one request the way Istio's sidecar would with a VirtualService: the first HTTP route whose
/// `match` accepts the request (header `exact`, `prefix` and `regex` conditions; other conditions such as
/// `uri` are not simulated and accept every request), then a weighted choice among its destinations.
enum MeshRouter {
    /// The destination a request takes.
    struct Destination: Hashable, Sendable {
        var host: String
        var subset: String?
    }

    /// The chosen destination for a request with `headers`, or nil when no route accepts it.
    static func route(
        _ virtualService: JSONValue, headers: [String: String], using generator: inout SeededGenerator
    ) -> Destination? {
        for route in virtualService["spec"]?["http"]?.arrayValue ?? [] {
            let matches = route["match"]?.arrayValue ?? []
            guard matches.isEmpty || matches.contains(where: { accepts($0, headers: headers) }) else { continue }
            return choose(route["route"]?.arrayValue ?? [], using: &generator)
        }
        return nil
    }

    /// Whether one `HTTPMatchRequest` accepts the request: every header condition holds.
    static func accepts(_ match: JSONValue, headers: [String: String]) -> Bool {
        for (name, condition) in match["headers"]?.objectValue ?? [:] {
            guard let value = headers[name.lowercased()], holds(condition, value) else { return false }
        }
        for (name, condition) in match["withoutHeaders"]?.objectValue ?? [:] {
            if let value = headers[name.lowercased()], holds(condition, value) { return false }
        }
        return true
    }

    private static func holds(_ condition: JSONValue, _ value: String) -> Bool {
        if let exact = condition["exact"]?.stringValue { return value == exact }
        if let prefix = condition["prefix"]?.stringValue { return value.hasPrefix(prefix) }
        if let pattern = condition["regex"]?.stringValue {
            guard let regex = try? Regex(pattern) else { return false }
            return (try? regex.wholeMatch(in: value)) != nil
        }
        return true  // an empty condition only requires presence
    }

    /// A weighted choice; a lone destination without a weight takes everything, and when every weight
    /// is missing or zero the choice is uniform.
    static func choose(_ destinations: [JSONValue], using generator: inout SeededGenerator) -> Destination? {
        let parsed = Self.destinations(destinations)
        guard !parsed.isEmpty else { return nil }
        let total = parsed.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return parsed[Int(generator.next() % UInt64(parsed.count))].destination }
        var point = generator.nextUnit() * total
        for (destination, weight) in parsed {
            if point < weight { return destination }
            point -= weight
        }
        return parsed.last { $0.weight > 0 }?.destination
    }

    /// A route's destinations with their weights: entries without a host are skipped, a lone destination without a
    /// weight takes 100, a missing weight among several counts 0, negative weights count 0.
    static func destinations(_ entries: [JSONValue]) -> [(destination: Destination, weight: Double)] {
        entries.compactMap { entry in
            guard let host = entry["destination"]?["host"]?.stringValue else { return nil }
            let weight = entry["weight"]?.doubleValue ?? (entries.count == 1 ? 100 : 0)
            return (Destination(host: host, subset: entry["destination"]?["subset"]?.stringValue), max(0, weight))
        }
    }
}
