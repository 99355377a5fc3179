import Foundation
import Kubernetes

/// Events as a `meta.k8s.io/v1` Table, the server-side printing `kubectl get events` asks for
/// (`Accept: application/json;as=Table;…`): LAST SEEN, TYPE, REASON, OBJECT and MESSAGE, as kube-apiserver prints
/// them. Other resources are answered as plain objects, which kubectl prints as NAME and AGE.
enum EventTable {
    /// Whether the request's `Accept` asks for a Table first.
    static func wanted(accept: String?) -> Bool {
        guard let first = accept?.split(separator: ",").first else { return false }
        return first.replacingOccurrences(of: " ", with: "").contains("as=Table")
    }

    /// The Table of `events` (core `v1` form), their ages counted to `now`; each row carries the whole Event with
    /// `includeObject` (kubectl asks for it to `--sort-by`), else its metadata.
    static func table(_ events: [JSONValue], resourceVersion: String?, now: Date, includeObject: Bool = false) -> JSONValue {
        let columns: [(name: String, description: String)] = [
            ("Last Seen", "The time of the last occurrence"), ("Type", "Normal or Warning"),
            ("Reason", "Why the Event was written"), ("Object", "The object the Event is about"),
            ("Message", "What happened, for people"),
        ]
        let rows: [JSONValue] = events.map { event in
            let object = event["involvedObject"]
            let kind = (object?["kind"]?.stringValue ?? "").lowercased()
            let cells: [JSONValue] = [
                .string(lastSeen(event, now: now)), event["type"] ?? "", event["reason"] ?? "",
                .string("\(kind)/\(object?["name"]?.stringValue ?? "")"), event["message"] ?? "",
            ]
            let metadata: JSONValue = [
                "name": event["metadata"]?["name"] ?? "", "namespace": event["metadata"]?["namespace"] ?? "",
                "uid": event["metadata"]?["uid"] ?? "", "resourceVersion": event["metadata"]?["resourceVersion"] ?? "",
                "creationTimestamp": event["metadata"]?["creationTimestamp"] ?? .null,
            ]
            let partial: JSONValue = ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata]
            return ["cells": .array(cells), "object": includeObject ? event : partial]
        }
        return [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1",
            "metadata": resourceVersion.map { ["resourceVersion": .string($0)] } ?? [:],
            "columnDefinitions": .array(
                columns.map {
                    ["name": .string($0.name), "type": "string", "format": "", "description": .string($0.description), "priority": 0]
                }),
            "rows": .array(rows),
        ]
    }

    /// How long ago the Event last happened: its series' last observation, `lastTimestamp`, `eventTime`, or its
    /// creation, in kubectl's short form (`45s`, `3m12s`, `2h`); `<unknown>` without any.
    static func lastSeen(_ event: JSONValue, now: Date) -> String {
        let candidates = [
            event["series"]?["lastObservedTime"], event["lastTimestamp"], event["eventTime"],
            event["metadata"]?["creationTimestamp"],
        ]
        guard let date = candidates.lazy.compactMap({ $0?.stringValue }).compactMap(parse).first else { return "<unknown>" }
        return humanDuration(now.timeIntervalSince(date))
    }

    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        // MicroTime has six fractional digits, which the formatter does not take: drop them.
        guard let dot = text.firstIndex(of: "."), text.hasSuffix("Z") else { return nil }
        return formatter.date(from: String(text[..<dot]) + "Z")
    }

    /// Kubernetes' `duration.HumanDuration`.
    static func humanDuration(_ interval: TimeInterval) -> String {
        let seconds = Int(interval.rounded(.down))
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        if seconds < 120 { return "\(seconds)s" }
        let minutes = seconds / 60
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if minutes < 180 { return "\(minutes)m" }
        let hours = minutes / 60
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 { return hours % 24 == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(hours % 24)h" }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        let years = hours / 24 / 365
        if hours < 24 * 365 * 8 {
            let days = (hours / 24) % 365
            return days == 0 ? "\(years)y" : "\(years)y\(days)d"
        }
        return "\(years)y"
    }
}
