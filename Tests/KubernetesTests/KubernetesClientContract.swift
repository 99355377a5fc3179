import Kubernetes
import Testing

/// One script of calls every ``KubernetesClient`` must answer the way the API server does. It checks what it
/// can on the way and returns a transcript (each step's outcome: `ok` or the error's code and reason), so the
/// in-memory client and the REST client against the Sandbox can be compared line by line.
enum KubernetesClientContract {
    static let virtualService = ResourceType.virtualService("v1beta1")

    static func virtualServiceObject(_ name: String, app: String, weight: Int64 = 100) -> JSONValue {
        [
            "apiVersion": "networking.istio.io/v1beta1", "kind": "VirtualService",
            "metadata": ["name": .string(name), "labels": ["app": .string(app)], "annotations": ["owner": "contract"]],
            "spec": [
                "hosts": .array([.string(name)]),
                "http": [["name": "primary", "route": [["destination": ["host": .string(name), "subset": "v1"], "weight": .integer(weight)]]]],
                "x-unknown-field": ["kept": [1, 2.5, true, nil]],
            ],
        ]
    }

    // swiftlint:disable:next function_body_length
    static func run(_ client: any KubernetesClient, namespace: String) async throws -> [String] {
        var transcript: [String] = []
        func step(_ name: String, _ body: () async throws -> Void) async {
            do {
                try await body()
                transcript.append("\(name): ok")
            } catch let error as KubeError {
                transcript.append("\(name): \(error.code) \(error.reason ?? "-")")
            } catch {
                transcript.append("\(name): unexpected \(error)")
            }
        }
        let type = virtualService

        await step("create namespace") {
            _ = try await client.create(.namespace, namespace: nil, object: ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        }
        await step("discovery") {
            let versions = try await client.servedVersions(ofGroup: "networking.istio.io")
            #expect(Set(versions) == ["v1", "v1beta1", "v1alpha3"])
        }
        var created: JSONValue = nil
        await step("create") {
            created = try await client.create(type, namespace: namespace, object: virtualServiceObject("reviews", app: "reviews"))
            #expect(created["metadata"]?["resourceVersion"]?.stringValue?.isEmpty == false)
            #expect(created["metadata"]?["namespace"] == .string(namespace))
            #expect(created["spec"]?["x-unknown-field"] == ["kept": [1, 2.5, true, nil]])
        }
        await step("create again") { _ = try await client.create(type, namespace: namespace, object: virtualServiceObject("reviews", app: "reviews")) }
        await step("get") {
            let read = try await client.get(type, namespace: namespace, name: "reviews")
            #expect(read["spec"] == created["spec"])
            #expect(read["metadata"]?["resourceVersion"] == created["metadata"]?["resourceVersion"])
            #expect(read["apiVersion"] == "networking.istio.io/v1beta1" && read["kind"] == "VirtualService")
        }
        await step("create second") { _ = try await client.create(type, namespace: namespace, object: virtualServiceObject("ratings", app: "ratings")) }
        await step("list by label") {
            let items = try await client.list(type, namespace: namespace, labelSelector: "app=reviews")
            #expect(items.compactMap { $0["metadata"]?["name"]?.stringValue } == ["reviews"])
            #expect(items.first?["kind"] == "VirtualService")
            #expect(try await client.list(type, namespace: namespace, labelSelector: "app in (nothing)").isEmpty)
            let all = try await client.list(type, namespace: namespace, labelSelector: nil)
            #expect(all.compactMap { $0["metadata"]?["name"]?.stringValue } == ["ratings", "reviews"])
        }
        var updated: JSONValue = nil
        await step("update") {
            var object = try await client.get(type, namespace: namespace, name: "reviews")
            object["spec"]?["hosts"] = ["reviews", "reviews.example.com"]
            updated = try await client.update(type, namespace: namespace, object: object)
            #expect(updated["metadata"]?["resourceVersion"] != created["metadata"]?["resourceVersion"])
            #expect(updated["spec"]?["hosts"] == ["reviews", "reviews.example.com"])
        }
        await step("update with stale resourceVersion") {
            var stale = created
            stale["spec"]?["hosts"] = ["stale"]
            _ = try await client.update(type, namespace: namespace, object: stale)
        }
        await step("merge patch") {
            let patched = try await client.patch(
                type, namespace: namespace, name: "reviews",
                patch: .merge(["metadata": ["annotations": ["owner": nil, "patched": "yes"]], "spec": ["gateways": ["mesh"]]]))
            #expect(patched["metadata"]?["annotations"] == ["patched": "yes"])
            #expect(patched["spec"]?["gateways"] == ["mesh"])
            #expect(patched["spec"]?["hosts"] == ["reviews", "reviews.example.com"])
        }
        await step("json patch failing test") {
            _ = try await client.patch(
                type, namespace: namespace, name: "reviews",
                patch: .json([.test("/spec/http/0/route/0/weight", 42), .replace("/spec/http/0/route/0/weight", 0)]))
        }
        await step("json patch") {
            let patched = try await client.patch(
                type, namespace: namespace, name: "reviews",
                patch: .json([.test("/spec/http/0/route/0/weight", 100), .replace("/spec/http/0/route/0/weight", 90)]))
            #expect(patched["spec"]?["http"]?[0]?["route"]?[0]?["weight"] == 90)
        }
        await step("merge patch with stale resourceVersion") {
            _ = try await client.patch(
                type, namespace: namespace, name: "reviews",
                patch: .merge(["metadata": ["resourceVersion": created["metadata"]?["resourceVersion"] ?? nil], "spec": ["hosts": ["x"]]]))
        }
        await step("get missing") {
            do {
                _ = try await client.get(type, namespace: namespace, name: "absent")
            } catch let error as KubeError {
                #expect(error.message.contains("\"absent\""), "\(error)")
                throw error
            }
        }
        await step("patch missing") { _ = try await client.patch(type, namespace: namespace, name: "absent", patch: .merge([:])) }
        await step("create invalid name") {
            do {
                _ = try await client.create(type, namespace: namespace, object: virtualServiceObject("Bad_Name", app: "x"))
            } catch let error as KubeError {
                #expect(error.message.contains("Bad_Name"), "\(error)")
                throw error
            }
        }
        await step("modify after a concurrent update") {
            var calls = 0
            let result = try await client.modify(type, namespace: namespace, name: "reviews") { object in
                calls += 1
                if calls == 1 {  // someone else writes between our read and our write
                    _ = try await client.patch(type, namespace: namespace, name: "reviews", patch: .merge(["metadata": ["labels": ["other": "writer"]]]))
                }
                object["spec"]?["http"] = [["name": "primary", "route": [["destination": ["host": "reviews", "subset": "v2"], "weight": 100]]]]
            }
            #expect(calls == 2)
            #expect(result["metadata"]?["labels"]?["other"] == "writer")
            #expect(result["spec"]?["http"]?[0]?["route"]?[0]?["destination"]?["subset"] == "v2")
        }
        await step("modify without change writes nothing") {
            let before = try await client.get(type, namespace: namespace, name: "reviews")
            let after = try await client.modify(type, namespace: namespace, name: "reviews") { _ in }
            #expect(after["metadata"]?["resourceVersion"] == before["metadata"]?["resourceVersion"])
        }
        await step("read in another version") {
            let v1 = try await client.get(type.version("v1"), namespace: namespace, name: "reviews")
            #expect(v1["apiVersion"] == "networking.istio.io/v1")
            #expect(v1["spec"]?["x-unknown-field"] == ["kept": [1, 2.5, true, nil]])
        }
        await step("delete") { try await client.delete(type, namespace: namespace, name: "reviews") }
        await step("get deleted") { _ = try await client.get(type, namespace: namespace, name: "reviews") }
        await step("delete again") { try await client.delete(type, namespace: namespace, name: "reviews") }
        return transcript
    }

    /// What every conforming client answers.
    static let expected = [
        "create namespace: ok",
        "discovery: ok",
        "create: ok",
        "create again: conflict AlreadyExists",
        "get: ok",
        "create second: ok",
        "list by label: ok",
        "update: ok",
        "update with stale resourceVersion: conflict Conflict",
        "merge patch: ok",
        "json patch failing test: invalid Invalid",
        "json patch: ok",
        "merge patch with stale resourceVersion: conflict Conflict",
        "get missing: notFound NotFound",
        "patch missing: notFound NotFound",
        "create invalid name: invalid Invalid",
        "modify after a concurrent update: ok",
        "modify without change writes nothing: ok",
        "read in another version: ok",
        "delete: ok",
        "get deleted: notFound NotFound",
        "delete again: notFound NotFound",
    ]
}
