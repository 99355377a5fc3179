import Experiments
import Foundation
import Kubernetes

/// A notification channel that writes a Kubernetes Event (`events.k8s.io/v1`) about the experiment's routed object
/// (its VirtualService or HTTPRoute), so `kubectl get events` and `kubectl describe` show what iter8 did to it.
///
/// | kind | `reason` | `action` | `type` |
/// |---|---|---|---|
/// | started | `ExperimentStarted` | `Start` | Normal |
/// | weights changed | `WeightsChanged` | `SetWeights` | Normal |
/// | held | `TrafficHeld` | `Hold` | Warning |
/// | promoted | `Promoted` | `Promote` | Normal |
/// | rolled back | `RolledBack` | `Rollback` | Warning |
/// | inconclusive | `Inconclusive` | `Finish` | Warning |
/// | failed | `ExperimentFailed` | `Finish` | Warning |
/// | ended | `ExperimentEnded` | `Finish` | Normal |
///
/// The `note` is the notification's line (the decision and its reason), with the commit and the report's address
/// when known, cut to the API's 1 KiB. `reportingController` is `iter8.tools/reconciler`, `reportingInstance`
/// this replica. The Event's name is the routed object's name and the notification's stable id, so a repeat
/// delivery (after a restart, or by another replica) is a 409 AlreadyExists, which counts as delivered.
///
/// An experiment without a routed object (it moves no traffic, or its spec is gone) gets its Events about the
/// experiment itself — `regarding` the `iter8.tools/v2alpha2` `Experiment` of that name, in its namespace — which
/// is not an object of the cluster but lists with `kubectl get events` like any other.
///
/// Every write goes through the client given, in production the ``WriteGate``, which allows creating Events only,
/// in the allowed namespaces.
public struct KubernetesEventChannel: NotificationChannel {
    /// The `events.k8s.io/v1` Event type.
    public static let eventType = ResourceType(group: "events.k8s.io", version: "v1", resource: "events", kind: "Event")
    /// `reportingController` of every Event the service writes.
    public static let reportingController = "iter8.tools/reconciler"
    /// The API's limit on `note`, in bytes.
    static let noteLimit = 1024

    public let name: String
    let client: any KubernetesClient
    let reportingInstance: String

    /// A channel writing through `client`.
    ///
    /// - Parameters:
    ///   - name: the channel's name in the outbox.
    ///   - reportingInstance: this replica (its pod name), at most 128 characters (longer is cut).
    public init(client: any KubernetesClient, name: String = "events", reportingInstance: String) {
        self.client = client
        self.name = name
        let instance = String(reportingInstance.prefix(128))
        self.reportingInstance = instance.isEmpty ? "iter8" : instance
    }

    /// Creates the Event; an Event of that name already there (a repeat delivery) counts as delivered.
    ///
    /// - Throws: ``Kubernetes/KubeError`` from the API server, ``WriteRefusedError`` from the gate.
    public func send(_ message: Notification) async throws {
        let event = self.event(message)
        let namespace = event["metadata"]?["namespace"]?.stringValue
        do {
            _ = try await client.create(Self.eventType, namespace: namespace, object: event)
        } catch let error as KubeError where error.httpStatus == 409 && error.reason == "AlreadyExists" {
            return
        }
    }

    /// The Event for `message`.
    func event(_ message: Notification) -> JSONValue {
        let regarding = Self.regarding(message)
        let namespace = regarding["namespace"] ?? .string("default")
        let objectName = regarding["name"]?.stringValue ?? "experiment"
        let presentation = EventPresentation(message.kind)
        return [
            "apiVersion": .string(Self.eventType.apiVersion), "kind": "Event",
            "metadata": [
                "name": .string(Self.eventName(object: objectName, id: message.id)), "namespace": namespace,
                "labels": ["app.kubernetes.io/managed-by": "iter8"],
                "annotations": ["iter8.tools/experiment": .string(message.experiment)],
            ],
            "regarding": regarding,
            "eventTime": .string(Self.microTime(message.time)),
            "reportingController": .string(Self.reportingController),
            "reportingInstance": .string(reportingInstance),
            "action": .string(presentation.action), "reason": .string(presentation.reason),
            "type": .string(presentation.type), "note": .string(Self.note(message)),
        ]
    }

    /// The routed object, or the experiment itself when there is none.
    static func regarding(_ message: Notification) -> JSONValue {
        if let object = message.routedObject {
            return ["kind": .string(object.kind.kind), "namespace": .string(object.namespace), "name": .string(object.name)]
        }
        let parts = message.experiment.split(separator: "/", maxSplits: 1).map(String.init)
        let (namespace, name) = parts.count == 2 ? (parts[0], parts[1]) : ("default", message.experiment)
        return [
            "apiVersion": "iter8.tools/v2alpha2", "kind": "Experiment", "namespace": .string(namespace),
            "name": .string(name),
        ]
    }

    /// `<object>.<id>`: a DNS subdomain of at most 253 characters (the object's name is cut when it is longer).
    static func eventName(object: String, id: String) -> String {
        let suffix = "." + id.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        var prefix = Substring(object.lowercased().prefix(253 - suffix.count))
        while let last = prefix.last, !(last.isASCII && (last.isLetter || last.isNumber)) { prefix = prefix.dropLast() }
        return prefix.isEmpty ? "iter8" + suffix : prefix + suffix
    }

    /// The line, the commit and the report's address, at most 1 KiB of UTF-8 (cut at a character, marked `…`).
    static func note(_ message: Notification) -> String {
        var text = message.text
        if let commit = message.commit { text += " (commit \(commit.prefix(12)))" }
        if let url = message.reportURL ?? message.reportPath { text += " Report: \(url)" }
        guard text.utf8.count > noteLimit else { return text }
        var cut = ""
        for character in text {
            guard cut.utf8.count + String(character).utf8.count + "…".utf8.count <= noteLimit else { break }
            cut.append(character)
        }
        return cut + "…"
    }

    /// `2026-12-05T07:30:00.000000Z`: a MicroTime, as `eventTime` takes it.
    static func microTime(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded(.down))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let whole = formatter.string(from: Date(timeIntervalSince1970: seconds))
        let fraction = String(micros)
        return whole.dropLast() + "." + String(repeating: "0", count: max(0, 6 - fraction.count)) + fraction + "Z"
    }
}

/// How an Event presents a notification kind: its `reason`, `action` and `type`.
struct EventPresentation: Hashable, Sendable {
    var reason: String
    var action: String
    var type: String

    init(_ kind: NotificationKind) {
        (reason, action, type) =
            switch kind {
            case .started: ("ExperimentStarted", "Start", "Normal")
            case .weightsChanged: ("WeightsChanged", "SetWeights", "Normal")
            case .held: ("TrafficHeld", "Hold", "Warning")
            case .promoted: ("Promoted", "Promote", "Normal")
            case .rolledBack: ("RolledBack", "Rollback", "Warning")
            case .inconclusive: ("Inconclusive", "Finish", "Warning")
            case .failed: ("ExperimentFailed", "Finish", "Warning")
            case .ended: ("ExperimentEnded", "Finish", "Normal")
            }
    }
}
