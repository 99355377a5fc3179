import Experiments
import Foundation
import GitOps
import Kubernetes
import Sandbox
import Testing

/// The Kubernetes Events channel on the in-process Sandbox store, through the write gate.
@Suite("Kubernetes Events channel")
struct KubernetesEventChannelTests {
    static let id = "0123456789abcdef0123456789abcdef"
    static let coreEvent = ResourceType(group: "", version: "v1", resource: "events", kind: "Event")
    static let reviews = RoutedObject(kind: .virtualService, namespace: "bookinfo", name: "reviews")

    static func message(
        _ kind: NotificationKind, id: String = id, routed: RoutedObject? = reviews, text: String = "bookinfo/canary started"
    ) -> GitOps.Notification {
        GitOps.Notification(
            id: id, experiment: "bookinfo/canary", kind: kind, iteration: 3, commit: "4f1c2a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a39",
            time: Date(timeIntervalSince1970: 1_796_456_400.25), text: text, reportPath: "experiments/canary.report.md",
            reportURL: "https://git.example/acme/rollouts/blob/main/experiments/canary.report.md", routedObject: routed)
    }

    /// A store with `bookinfo` and `other`, and a channel writing to it through a gate allowing Events in `bookinfo`.
    static func setUp() async throws -> (SandboxStore, KubernetesEventChannel) {
        let store = SandboxStore()
        for name in ["bookinfo", "other"] {
            _ = try await store.create(
                .namespace, namespace: nil, object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]])
        }
        let gate = WriteGate(SandboxKubernetesClient(store: store), rules: [.events(in: ["bookinfo"])])
        return (store, KubernetesEventChannel(client: gate, reportingInstance: "iter8-7d9f-0"))
    }

    @Test("An outcome becomes an events.k8s.io/v1 Event on the routed object, read back as core v1 too")
    func writesEvent() async throws {
        let (store, channel) = try await Self.setUp()
        try await channel.send(Self.message(.promoted, text: "bookinfo/canary: reviews-v2 promoted after 3 iterations: won"))
        let events = try await store.list(KubernetesEventChannel.eventType, namespace: "bookinfo").items
        try #require(events.count == 1)
        let event = events[0]
        #expect(event["metadata"]?["name"] == .string("reviews." + Self.id))
        #expect(event["regarding"] == ["kind": "VirtualService", "namespace": "bookinfo", "name": "reviews"])
        #expect(event["reason"] == "Promoted")
        #expect(event["action"] == "Promote")
        #expect(event["type"] == "Normal")
        #expect(event["reportingController"] == "iter8.tools/reconciler")
        #expect(event["reportingInstance"] == "iter8-7d9f-0")
        #expect(event["eventTime"] == "2026-12-05T07:40:00.250000Z")
        let note =
            "bookinfo/canary: reviews-v2 promoted after 3 iterations: won (commit 4f1c2a9e8d7b) Report: "
            + "https://git.example/acme/rollouts/blob/main/experiments/canary.report.md"
        #expect(event["note"]?.stringValue == note)
        #expect(event["metadata"]?["annotations"]?["iter8.tools/experiment"] == "bookinfo/canary")
        let core = try await store.get(Self.coreEvent, namespace: "bookinfo", name: "reviews." + Self.id)
        #expect(core["involvedObject"]?["name"] == "reviews")
        #expect(core["source"]?["component"] == "iter8.tools/reconciler")
        #expect(core["message"] == event["note"])
    }

    @Test("A repeat delivery is a 409 AlreadyExists that counts as delivered: one Event")
    func repeatIsDelivered() async throws {
        let (store, channel) = try await Self.setUp()
        try await channel.send(Self.message(.started))
        try await channel.send(Self.message(.started))
        try await channel.send(Self.message(.weightsChanged, id: "fedcba9876543210fedcba9876543210"))
        let events = try await store.list(KubernetesEventChannel.eventType, namespace: "bookinfo").items
        #expect(events.map { $0["reason"] } == ["ExperimentStarted", "WeightsChanged"])
    }

    @Test("Each kind has its reason, action and type")
    func presentation() async throws {
        let (store, channel) = try await Self.setUp()
        let expected: [(NotificationKind, String, String, String)] = [
            (.started, "ExperimentStarted", "Start", "Normal"), (.weightsChanged, "WeightsChanged", "SetWeights", "Normal"),
            (.held, "TrafficHeld", "Hold", "Warning"), (.promoted, "Promoted", "Promote", "Normal"),
            (.rolledBack, "RolledBack", "Rollback", "Warning"), (.inconclusive, "Inconclusive", "Finish", "Warning"),
            (.failed, "ExperimentFailed", "Finish", "Warning"), (.ended, "ExperimentEnded", "Finish", "Normal"),
        ]
        #expect(expected.map(\.0) == NotificationKind.allCases)
        for (index, (kind, reason, action, type)) in expected.enumerated() {
            let id = String(format: "%032x", index + 1)
            try await channel.send(Self.message(kind, id: id))
            let event = try await store.get(KubernetesEventChannel.eventType, namespace: "bookinfo", name: "reviews." + id)
            #expect(event["reason"] == .string(reason), "\(kind)")
            #expect(event["action"] == .string(action), "\(kind)")
            #expect(event["type"] == .string(type), "\(kind)")
        }
    }

    @Test("Without a routed object the Event is about the experiment, in its namespace")
    func withoutRouting() async throws {
        let (store, channel) = try await Self.setUp()
        try await channel.send(Self.message(.started, routed: nil))
        let event = try await store.get(KubernetesEventChannel.eventType, namespace: "bookinfo", name: "canary." + Self.id)
        #expect(
            event["regarding"]
                == ["apiVersion": "iter8.tools/v2alpha2", "kind": "Experiment", "namespace": "bookinfo", "name": "canary"])
    }

    @Test("A long note is cut to 1 KiB at a character; a long object name leaves a valid Event name")
    func limits() async throws {
        let (store, channel) = try await Self.setUp()
        let long = String(repeating: "é", count: 2000)
        let routed = RoutedObject(kind: .httpRoute, namespace: "bookinfo", name: Array(repeating: String(repeating: "a", count: 60), count: 4).joined(separator: ".") + ".b-c")
        try await channel.send(Self.message(.failed, routed: routed, text: long))
        let events = try await store.list(KubernetesEventChannel.eventType, namespace: "bookinfo").items
        let event = try #require(events.first)
        let note = try #require(event["note"]?.stringValue)
        #expect(note.utf8.count <= 1024 && note.utf8.count >= 1020)
        #expect(note.hasSuffix("…") && note.hasPrefix("éé"))
        let name = try #require(event["metadata"]?["name"]?.stringValue)
        #expect(name.count <= 253 && name.hasSuffix("." + Self.id) && name.hasPrefix("aaa") && !name.contains(".."))
        #expect(event["regarding"]?["kind"] == "HTTPRoute")
    }

    @Test("The gate lets the channel create Events only, only in the allowed namespaces")
    func gate() async throws {
        let (store, channel) = try await Self.setUp()
        let elsewhere = RoutedObject(kind: .virtualService, namespace: "other", name: "reviews")
        do {
            try await channel.send(Self.message(.started, routed: elsewhere))
            Issue.record("an Event was written in a namespace that is not allowed")
        } catch let error as WriteRefusedError {
            #expect(error.reason == .namespaceNotAllowed)
        }
        #expect(try await store.list(KubernetesEventChannel.eventType, namespace: "other").items.isEmpty)
        try await channel.send(Self.message(.started))
        let gate = WriteGate(SandboxKubernetesClient(store: store), rules: [.events(in: ["bookinfo"])])
        let name = "reviews." + Self.id
        let patch = KubePatch.merge(["note": "rewritten"])
        let refusals: [WriteRefusedError.Verb: () async throws -> Void] = [
            .patch: { _ = try await gate.patch(KubernetesEventChannel.eventType, namespace: "bookinfo", name: name, patch: patch) },
            .delete: { try await gate.delete(KubernetesEventChannel.eventType, namespace: "bookinfo", name: name) },
            .update: {
                let event = try await gate.get(KubernetesEventChannel.eventType, namespace: "bookinfo", name: name)
                _ = try await gate.update(KubernetesEventChannel.eventType, namespace: "bookinfo", object: event)
            },
        ]
        for (verb, write) in refusals {
            do {
                try await write()
                Issue.record("the gate let \(verb) through on an Event")
            } catch let error as WriteRefusedError {
                #expect(error.verb == verb && error.reason == .verbNotAllowed)
            }
        }
        await #expect(throws: WriteRefusedError.self) {
            _ = try await gate.create(.virtualService("v1"), namespace: "bookinfo", object: ["metadata": ["name": "x"]])
        }
        let kept = try await store.get(KubernetesEventChannel.eventType, namespace: "bookinfo", name: name)
        #expect(kept["note"] != "rewritten")
    }
}
