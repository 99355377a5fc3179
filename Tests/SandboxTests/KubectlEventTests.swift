import Foundation
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// kubectl reads and writes Events through both API versions the Sandbox serves them in.
@Suite("kubectl against the Sandbox API server: Events (events.k8s.io/v1 and core v1)")
struct KubectlEventTests {
    static let eventYAML = """
        apiVersion: events.k8s.io/v1
        kind: Event
        metadata:
          name: reviews.iter8-started
          namespace: bookinfo
        regarding:
          apiVersion: networking.istio.io/v1
          kind: VirtualService
          name: reviews
          namespace: bookinfo
        eventTime: "2026-12-05T07:30:00.000000Z"
        reportingController: iter8.tools/reconciler
        reportingInstance: iter8-0
        action: Start
        reason: ExperimentStarted
        note: canary reviews started at iteration 0
        type: Normal

        """

    static let coreEventYAML = """
        apiVersion: v1
        kind: Event
        metadata:
          name: reviews-v2.scaled
          namespace: bookinfo
        involvedObject:
          kind: Deployment
          name: reviews-v2
          namespace: bookinfo
        reason: ScalingReplicaSet
        message: Scaled up replica set reviews-v2 to 2
        type: Normal
        source:
          component: deployment-controller

        """

    @Test("kubectl create through either version; get events and get events.events.k8s.io list both")
    func createAndList() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try KubectlTests.Kubectl(sandbox)
            try await kubectl("create", "namespace", "bookinfo")
            try await kubectl("create", "-f", try kubectl.file("event.yaml", Self.eventYAML))
            try await kubectl("create", "-f", try kubectl.file("core-event.yaml", Self.coreEventYAML))

            let core = try JSONValue.parse(Data(try await kubectl("get", "events", "-n", "bookinfo", "-o", "json").utf8))
            #expect(core["items"]?.arrayValue?.count == 2)
            let started = try #require(core["items"]?.arrayValue?.first { $0["reason"] == "ExperimentStarted" })
            #expect(started["apiVersion"] == "v1")
            #expect(started["message"] == "canary reviews started at iteration 0")
            #expect(started["involvedObject"]?["kind"] == "VirtualService")
            #expect(started["source"]?["component"] == "iter8.tools/reconciler")

            let grouped = try JSONValue.parse(
                Data(try await kubectl("get", "events.events.k8s.io", "-n", "bookinfo", "-o", "json").utf8))
            #expect(grouped["items"]?.arrayValue?.count == 2)
            let scaled = try #require(grouped["items"]?.arrayValue?.first { $0["reason"] == "ScalingReplicaSet" })
            #expect(scaled["apiVersion"] == "events.k8s.io/v1")
            #expect(scaled["note"] == "Scaled up replica set reviews-v2 to 2")
            #expect(scaled["regarding"]?["name"] == "reviews-v2")
            #expect(scaled["deprecatedSource"]?["component"] == "deployment-controller")

            let table = try await kubectl(
                "get", "events", "-n", "bookinfo", "-o",
                "custom-columns=OBJECT:.involvedObject.kind,NAME:.involvedObject.name,REASON:.reason,MESSAGE:.message",
                "--sort-by=.metadata.name")
            let rows = table.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            #expect(rows.count == 3)
            #expect(rows.dropFirst().first?.prefix(3) == ["Deployment", "reviews-v2", "ScalingReplicaSet"])
            #expect(rows.last?.prefix(3) == ["VirtualService", "reviews", "ExperimentStarted"])
            // A Table, as kube-apiserver prints Events; sorted by a field of the whole object.
            let plain = try await kubectl("get", "ev", "-n", "bookinfo", "--sort-by=.metadata.name")
            let lines = plain.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
            #expect(lines.count == 3, "\(plain)")
            #expect(lines.first == "LAST SEEN TYPE REASON OBJECT MESSAGE")
            #expect(lines.dropFirst().first?.hasSuffix("Normal ScalingReplicaSet deployment/reviews-v2 Scaled up replica set reviews-v2 to 2") == true)
            #expect(lines.last?.hasSuffix("Normal ExperimentStarted virtualservice/reviews canary reviews started at iteration 0") == true)
            let sorted = try await kubectl("get", "events", "-n", "bookinfo", "--sort-by=.reason", "--no-headers")
            #expect(sorted.split(separator: "\n").first?.contains("ExperimentStarted") == true, "\(sorted)")
            let named = try await kubectl("get", "events.events.k8s.io", "-n", "bookinfo")
            #expect(named.contains("reviews.iter8-started") && named.contains("reviews-v2.scaled"))
            let selected = try await kubectl(
                "get", "events", "-n", "bookinfo", "--field-selector", "involvedObject.kind=VirtualService,involvedObject.name=reviews",
                "-o", "name")
            #expect(selected.trimmingCharacters(in: .whitespacesAndNewlines) == "event/reviews.iter8-started")
            // kubectl events: its own table (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE), and --for the routed object.
            let described = try await kubectl("events", "-n", "bookinfo", "--for", "virtualservice/reviews")
            let header = described.split(separator: "\n").first.map { $0.split(separator: " ") } ?? []
            #expect(header == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], "\(described)")
            #expect(described.contains("Normal   ExperimentStarted   VirtualService/reviews   canary reviews started at iteration 0"))
            #expect(!described.contains("ScalingReplicaSet"))
            let one = try await kubectl("get", "event", "reviews.iter8-started", "-n", "bookinfo", "-o", "jsonpath={.message}")
            #expect(one == "canary reviews started at iteration 0")

            let again = await #expect(throws: (any Error).self) {
                try await kubectl("create", "-f", try kubectl.file("event.yaml", Self.eventYAML))
            }
            #expect("\(again.map { "\($0)" } ?? "")".contains("AlreadyExists"))
        }
    }
}
