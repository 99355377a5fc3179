import Kubernetes
import Sandbox
import Testing

/// Events served as `events.k8s.io/v1` and core `v1` from one storage, in process.
@Suite("Sandbox Events: one storage, two API versions")
struct SandboxEventTests {
    static let eventsV1 = ResourceType(group: "events.k8s.io", version: "v1", resource: "events", kind: "Event")
    static let coreEvent = ResourceType(group: "", version: "v1", resource: "events", kind: "Event")

    /// An `events.k8s.io/v1` Event about the VirtualService `reviews`.
    static func event(name: String = "reviews.started", note: String = "canary started", reason: String = "ExperimentStarted")
        -> JSONValue
    {
        [
            "apiVersion": "events.k8s.io/v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": "bookinfo"],
            "regarding": [
                "apiVersion": "networking.istio.io/v1", "kind": "VirtualService", "name": "reviews", "namespace": "bookinfo",
            ],
            "eventTime": "2026-12-05T07:30:00.000000Z", "reportingController": "iter8.tools/reconciler",
            "reportingInstance": "iter8-0", "action": "Start", "reason": .string(reason), "note": .string(note),
            "type": "Normal", "x-unknown": "kept",
        ]
    }

    @Test("An events.k8s.io/v1 Event reads back as core v1 with the fields renamed, and the other way round")
    func conversion() async throws {
        let store = try await Fixtures.bookinfoStore()
        let created = try await store.create(Self.eventsV1, namespace: "bookinfo", object: Self.event())
        #expect(created["note"] == "canary started")
        let core = try await store.get(Self.coreEvent, namespace: "bookinfo", name: "reviews.started")
        #expect(core["apiVersion"] == "v1")
        #expect(core["kind"] == "Event")
        #expect(core["message"] == "canary started")
        #expect(core["involvedObject"]?["kind"] == "VirtualService")
        #expect(core["involvedObject"]?["name"] == "reviews")
        #expect(core["reportingComponent"] == "iter8.tools/reconciler")
        #expect(core["source"] == ["component": "iter8.tools/reconciler"])
        #expect(core["reason"] == "ExperimentStarted")
        #expect(core["action"] == "Start")
        #expect(core["type"] == "Normal")
        #expect(core["eventTime"] == "2026-12-05T07:30:00.000000Z")
        #expect(core["x-unknown"] == "kept")
        #expect(core["note"] == nil && core["regarding"] == nil && core["reportingController"] == nil)
        #expect(core["metadata"] == created["metadata"])

        let legacy: JSONValue = [
            "apiVersion": "v1", "kind": "Event", "metadata": ["name": "reviews.legacy"],
            "involvedObject": ["kind": "Deployment", "name": "reviews-v2", "namespace": "bookinfo"],
            "message": "scaled", "reason": "ScalingReplicaSet", "type": "Normal", "count": 3,
            "source": ["component": "deployment-controller"], "firstTimestamp": "2026-12-05T07:00:00Z",
            "lastTimestamp": "2026-12-05T07:05:00Z",
        ]
        let createdCore = try await store.create(Self.coreEvent, namespace: "bookinfo", object: legacy)
        #expect(createdCore["apiVersion"] == "v1")
        #expect(createdCore["message"] == "scaled")
        #expect(createdCore["count"] == 3)
        let stored = try await store.get(Self.eventsV1, namespace: "bookinfo", name: "reviews.legacy")
        #expect(stored["apiVersion"] == "events.k8s.io/v1")
        #expect(stored["note"] == "scaled")
        #expect(stored["regarding"]?["name"] == "reviews-v2")
        #expect(stored["deprecatedSource"] == ["component": "deployment-controller"])
        #expect(stored["deprecatedCount"] == 3)
        #expect(stored["deprecatedFirstTimestamp"] == "2026-12-05T07:00:00Z")
        #expect(stored["deprecatedLastTimestamp"] == "2026-12-05T07:05:00Z")
        #expect(stored["message"] == nil && stored["involvedObject"] == nil && stored["count"] == nil)
        let coreBack = try await store.get(Self.coreEvent, namespace: "bookinfo", name: "reviews.legacy")
        #expect(coreBack["source"] == ["component": "deployment-controller"])
    }

    @Test("Both versions list the same Events; a core v1 patch lands in the stored form; a watch converts")
    func listPatchWatch() async throws {
        let store = try await Fixtures.bookinfoStore()
        let watch = try await store.watch(Self.coreEvent, namespace: "bookinfo")
        _ = try await store.create(Self.eventsV1, namespace: "bookinfo", object: Self.event(name: "b"))
        _ = try await store.create(Self.eventsV1, namespace: "bookinfo", object: Self.event(name: "a"))
        let core = try await store.list(Self.coreEvent, namespace: "bookinfo")
        let stored = try await store.list(Self.eventsV1, namespace: nil)
        #expect(core.items.map { $0["metadata"]?["name"] } == ["a", "b"])
        #expect(stored.items.map { $0["metadata"]?["name"] } == ["a", "b"])
        #expect(core.items.allSatisfy { $0["message"] == "canary started" && $0["note"] == nil })
        #expect(stored.items.allSatisfy { $0["note"] == "canary started" && $0["message"] == nil })
        #expect(try await store.list(Self.coreEvent, namespace: "default").items.isEmpty)
        _ = try await store.patch(
            Self.coreEvent, namespace: "bookinfo", name: "a", patch: .merge(["message": "patched through v1"]))
        let patched = try await store.get(Self.eventsV1, namespace: "bookinfo", name: "a")
        #expect(patched["note"] == "patched through v1")
        #expect(patched["message"] == nil)
        var seen: [JSONValue] = []
        for await event in watch {
            seen.append(event.object)
            if seen.count == 3 { break }
        }
        #expect(seen.map { $0["metadata"]?["name"] } == ["b", "a", "a"])
        #expect(seen.map { $0["message"] } == ["canary started", "canary started", "patched through v1"])
        #expect(seen.allSatisfy { $0["apiVersion"] == "v1" && $0["involvedObject"]?["name"] == "reviews" })
    }

    @Test("Field selectors on Events: the object they are about, reason, type and reporter, in either version's names")
    func fieldSelectors() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(Self.eventsV1, namespace: "bookinfo", object: Self.event())
        let legacy: JSONValue = [
            "apiVersion": "v1", "kind": "Event", "metadata": ["name": "reviews-v2.scaled"],
            "involvedObject": ["kind": "Deployment", "name": "reviews-v2", "namespace": "bookinfo"],
            "message": "scaled", "reason": "ScalingReplicaSet", "type": "Normal",
            "source": ["component": "deployment-controller"],
        ]
        _ = try await store.create(Self.coreEvent, namespace: "bookinfo", object: legacy)
        func names(_ type: ResourceType, _ selector: String) async throws -> [String] {
            try await store.list(type, namespace: "bookinfo", fields: try FieldSelector(selector)).items.compactMap {
                $0["metadata"]?["name"]?.stringValue
            }
        }
        #expect(try await names(Self.coreEvent, "involvedObject.name=reviews") == ["reviews.started"])
        #expect(try await names(Self.coreEvent, "involvedObject.kind=Deployment") == ["reviews-v2.scaled"])
        #expect(try await names(Self.eventsV1, "regarding.kind=VirtualService,reason=ExperimentStarted") == ["reviews.started"])
        #expect(try await names(Self.coreEvent, "source=deployment-controller") == ["reviews-v2.scaled"])
        #expect(try await names(Self.coreEvent, "source=iter8.tools/reconciler") == ["reviews.started"])
        #expect(try await names(Self.eventsV1, "reportingController=iter8.tools/reconciler") == ["reviews.started"])
        #expect(try await names(Self.coreEvent, "type=Normal,reason!=ScalingReplicaSet") == ["reviews.started"])
        let notEvents = await #expect(throws: APIStatus.self) {
            try await store.list(.virtualService(), namespace: "bookinfo", fields: try FieldSelector("involvedObject.name=x"))
        }
        #expect(notEvents?.code == 400)
        #expect(notEvents?.message == "field label not supported: involvedObject.name")
    }

    @Test("A repeat create is 409 AlreadyExists in either version")
    func alreadyExists() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(Self.eventsV1, namespace: "bookinfo", object: Self.event())
        let again = await #expect(throws: APIStatus.self) {
            try await store.create(Self.eventsV1, namespace: "bookinfo", object: Self.event())
        }
        #expect(again?.code == 409)
        #expect(again?.reason == "AlreadyExists")
        #expect(again?.message == "events.events.k8s.io \"reviews.started\" already exists")
        var core = Self.event()
        core["apiVersion"] = "v1"
        let throughCore = await #expect(throws: APIStatus.self) {
            try await store.create(Self.coreEvent, namespace: "bookinfo", object: core)
        }
        #expect(throughCore?.message == "events \"reviews.started\" already exists")
    }

    @Test("events.k8s.io/v1 creates are validated as kube-apiserver does: required fields, limits, namespace, type")
    func validation() async throws {
        let store = try await Fixtures.bookinfoStore()
        var bare = Self.event(note: String(repeating: "n", count: 1025), reason: "")
        bare["action"] = nil
        bare["type"] = "Info"
        bare["regarding"]?["namespace"] = "elsewhere"
        bare["deprecatedCount"] = 2
        let invalid = await #expect(throws: APIStatus.self) {
            try await store.create(Self.eventsV1, namespace: "bookinfo", object: bare)
        }
        #expect(invalid?.code == 422)
        #expect(invalid?.reason == "Invalid")
        #expect(
            invalid?.causes.map(\.field) == ["regarding.namespace", "action", "reason", "note", "type", "deprecatedCount"])
        #expect(invalid?.causes.first { $0.field == "note" }?.message == "Too long: may not be more than 1024 bytes")
        let fits = Self.event(note: String(repeating: "é", count: 512))
        _ = try await store.create(Self.eventsV1, namespace: "bookinfo", object: fits)
    }
}
