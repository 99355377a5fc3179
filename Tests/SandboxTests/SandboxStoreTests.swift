import Kubernetes
import Sandbox
import Testing

@Suite("Sandbox store semantics (in process)")
struct SandboxStoreTests {
    @Test("Create fills server metadata and get returns the object with unknown fields intact")
    func createAndGet() async throws {
        let store = try await Fixtures.bookinfoStore()
        let before = await store.resourceVersion
        let created = try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        let metadata = try #require(created["metadata"])
        #expect(metadata["uid"]?.stringValue?.count == 36)
        #expect(metadata["generation"] == 1)
        #expect(metadata["resourceVersion"]?.stringValue == String(before + 1))
        #expect(metadata["creationTimestamp"]?.stringValue?.hasSuffix("Z") == true)
        let read = try await store.get(.virtualService(), namespace: "bookinfo", name: "reviews")
        #expect(read == created)
        #expect(read["spec"]?["x-unknown-field"]?["kept"] == true)
    }

    @Test("One storage serves every Istio version with apiVersion rewritten")
    func versions() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(.virtualService("v1alpha3"), namespace: "bookinfo", object: Fixtures.virtualService(version: "v1alpha3"))
        for version in ["v1", "v1beta1", "v1alpha3"] {
            let read = try await store.get(.virtualService(version), namespace: "bookinfo", name: "reviews")
            #expect(read["apiVersion"]?.stringValue == "networking.istio.io/\(version)")
        }
        let status = await #expect(throws: APIStatus.self) {
            try await store.get(.virtualService("v2"), namespace: "bookinfo", name: "reviews")
        }
        #expect(status?.code == 404)
    }

    @Test("Creating twice is 409 AlreadyExists; a missing namespace is 404; a bad name is 422")
    func createFailures() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        let duplicate = await #expect(throws: APIStatus.self) {
            try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        }
        #expect(duplicate?.code == 409)
        #expect(duplicate?.reason == "AlreadyExists")
        #expect(duplicate?.message == "virtualservices.networking.istio.io \"reviews\" already exists")
        let missing = await #expect(throws: APIStatus.self) {
            try await store.create(.virtualService(), namespace: "nowhere", object: Fixtures.virtualService(namespace: nil))
        }
        #expect(missing?.json == ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": "namespaces \"nowhere\" not found", "reason": "NotFound",
            "details": ["name": "nowhere", "kind": "namespaces"], "code": 404])
        let invalid = await #expect(throws: APIStatus.self) {
            try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService(name: "Bad_Name"))
        }
        #expect(invalid?.code == 422)
        #expect(invalid?.reason == "Invalid")
        #expect(invalid?.causes.first?.field == "metadata.name")
        let mismatch = await #expect(throws: APIStatus.self) {
            try await store.create(.virtualService(), namespace: "default", object: Fixtures.virtualService())
        }
        #expect(mismatch?.code == 400)
    }

    @Test("Update checks resourceVersion and bumps generation only when the spec changes")
    func update() async throws {
        let store = try await Fixtures.bookinfoStore()
        let created = try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        var changed = created
        changed["spec"]?["hosts"] = ["reviews", "reviews.bookinfo"]
        let updated = try await store.update(.virtualService(), namespace: "bookinfo", object: changed)
        #expect(updated["metadata"]?["generation"] == 2)
        #expect(updated["metadata"]?["uid"] == created["metadata"]?["uid"])
        let conflict = await #expect(throws: APIStatus.self) {
            try await store.update(.virtualService(), namespace: "bookinfo", object: changed)
        }
        #expect(conflict?.code == 409)
        #expect(conflict?.reason == "Conflict")
        var labelled = updated
        labelled["metadata"]?["labels"]?["team"] = "a"
        let relabelled = try await store.update(.virtualService(), namespace: "bookinfo", object: labelled)
        #expect(relabelled["metadata"]?["generation"] == 2)
        let noop = try await store.update(.virtualService(), namespace: "bookinfo", object: relabelled)
        #expect(noop["metadata"]?["resourceVersion"] == relabelled["metadata"]?["resourceVersion"])
    }

    @Test("Patch: merge, JSON with a failing test (422), strategic merge by container name")
    func patches() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        let merged = try await store.patch(
            .virtualService(), namespace: "bookinfo", name: "reviews", patch: .merge(["metadata": ["labels": ["x": "y"]]]))
        #expect(merged["metadata"]?["labels"] == ["app": "reviews", "x": "y"])
        let patched = try await store.patch(
            .virtualService(), namespace: "bookinfo", name: "reviews",
            patch: .json([.test("/spec/http/0/route/0/weight", 90), .replace("/spec/http/0/route/0/weight", 50)]))
        #expect(patched["spec"]?["http"]?[0]?["route"]?[0]?["weight"] == 50)
        let failed = await #expect(throws: APIStatus.self) {
            try await store.patch(
                .virtualService(), namespace: "bookinfo", name: "reviews",
                patch: .json([.test("/spec/http/0/route/0/weight", 90), .replace("/spec/http/0/route/0/weight", 10)]))
        }
        #expect(failed?.code == 422)
        #expect(failed?.reason == "Invalid")
        _ = try await store.create(.deployment, namespace: "bookinfo", object: Fixtures.deployment())
        let strategic = try await store.patch(
            .deployment, namespace: "bookinfo", name: "reviews-v2",
            patch: .strategicMerge(["spec": ["template": ["spec": ["containers": [["name": "reviews", "image": "reviews:v3"]]]]]]))
        let container = strategic["spec"]?["template"]?["spec"]?["containers"]?[0]
        #expect(container?["image"] == "reviews:v3")
        #expect(container?["ports"] == [["containerPort": 9080]])
    }

    @Test("Label selectors filter lists; lists carry the store's resourceVersion")
    func listSelectors() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        _ = try await store.create(
            .virtualService(), namespace: "bookinfo",
            object: Fixtures.virtualService(name: "ratings", labels: ["app": "ratings", "canary": "true"]))
        let all = try await store.list(.virtualService(), namespace: "bookinfo")
        #expect(all.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["ratings", "reviews"])
        #expect(all.resourceVersion == (await store.resourceVersion))
        let canary = try await store.list(.virtualService(), namespace: nil, selector: try LabelSelector("canary"))
        #expect(canary.items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["ratings"])
        let notRatings = try await store.list(.virtualService(), namespace: "bookinfo", selector: try LabelSelector("app!=ratings"))
        #expect(notRatings.items.count == 1)
    }

    @Test("The simulated controller makes a Deployment ready, unless held")
    func deploymentReadiness() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(.deployment, namespace: "bookinfo", object: Fixtures.deployment(replicas: nil))
        let ready = try await store.get(.deployment, namespace: "bookinfo", name: "reviews-v2")
        #expect(ready["spec"]?["replicas"] == 1)
        #expect(ready["status"]?["observedGeneration"] == 1)
        #expect(ready["status"]?["readyReplicas"] == 1)
        #expect(ready["status"]?["availableReplicas"] == 1)
        #expect(ready["status"]?["conditions"]?[0]?["type"] == "Available")
        #expect(ready["status"]?["conditions"]?[0]?["status"] == "True")
        await store.holdDeployment(namespace: "bookinfo", name: "reviews-v2")
        _ = try await store.patch(.deployment, namespace: "bookinfo", name: "reviews-v2", patch: .merge(["spec": ["replicas": 3]]))
        let held = try await store.get(.deployment, namespace: "bookinfo", name: "reviews-v2")
        #expect(held["status"]?["observedGeneration"] == 2)
        #expect(held["status"]?["readyReplicas"] == nil)
        #expect(held["status"]?["conditions"]?[0]?["status"] == "False")
        await store.releaseDeployment(namespace: "bookinfo", name: "reviews-v2")
        let released = try await store.get(.deployment, namespace: "bookinfo", name: "reviews-v2")
        #expect(released["status"]?["availableReplicas"] == 3)
    }

    @Test("Delete removes the object; deleting a namespace removes its objects; default cannot be deleted")
    func delete() async throws {
        let store = try await Fixtures.bookinfoStore()
        _ = try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        let changes = await store.changes()
        try await store.delete(.namespace, namespace: nil, name: "bookinfo")
        let gone = await #expect(throws: APIStatus.self) {
            try await store.get(.virtualService(), namespace: "bookinfo", name: "reviews")
        }
        #expect(gone?.json["message"] == "virtualservices.networking.istio.io \"reviews\" not found")
        var iterator = changes.makeAsyncIterator()
        let first = await iterator.next()
        let second = await iterator.next()
        #expect(first?.kind == .deleted && first?.name == "bookinfo")
        #expect(second?.kind == .deleted && second?.name == "reviews")
        let forbidden = await #expect(throws: APIStatus.self) {
            try await store.delete(.namespace, namespace: nil, name: "default")
        }
        #expect(forbidden?.code == 403)
    }

    @Test("A watch replays from a resourceVersion, then follows live changes")
    func watch() async throws {
        let store = try await Fixtures.bookinfoStore()
        let start = await store.resourceVersion
        _ = try await store.create(.virtualService(), namespace: "bookinfo", object: Fixtures.virtualService())
        let events = try await store.watch(.virtualService("v1"), namespace: "bookinfo", resourceVersion: start)
        try await store.delete(.virtualService(), namespace: "bookinfo", name: "reviews")
        var iterator = events.makeAsyncIterator()
        let added = await iterator.next()
        let deleted = await iterator.next()
        #expect(added?.type == "ADDED" && added?.object["apiVersion"] == "networking.istio.io/v1")
        #expect(deleted?.type == "DELETED" && deleted?.object["metadata"]?["name"] == "reviews")
        let expired = await #expect(throws: APIStatus.self) {
            try await SandboxStore().watch(.virtualService(), namespace: nil, resourceVersion: 1)
        }
        #expect(expired?.code == 410)
    }

    @Test("The in-process KubernetesClient maps statuses to KubeError")
    func client() async throws {
        let client = SandboxKubernetesClient(store: try await Fixtures.bookinfoStore())
        let error = await #expect(throws: KubeError.self) {
            try await client.get(.virtualService(), namespace: "bookinfo", name: "reviews")
        }
        #expect(error?.code == .notFound)
        #expect(try await client.servedVersions(ofGroup: "networking.istio.io") == ["v1", "v1beta1", "v1alpha3"])
    }
}

@Suite("Sandbox store: type metadata defaults")
struct SandboxTypeMetaTests {
    @Test("A body without apiVersion and kind takes them from the request; a wrong one is 400")
    func defaults() async throws {
        let store = SandboxStore()
        let created = try await store.create(.configMap, namespace: "default", object: ["metadata": ["name": "plain"], "data": ["a": "b"]])
        #expect(created["apiVersion"] == "v1")
        #expect(created["kind"] == "ConfigMap")
        let wrong = await #expect(throws: APIStatus.self) {
            try await store.create(.configMap, namespace: "default", object: ["apiVersion": "v2", "metadata": ["name": "x"]])
        }
        #expect(wrong?.code == 400)
        #expect(wrong?.message == "the API version in the data (v2) does not match the expected API version (v1)")
    }
}
