import Foundation
import HTTPTransport
import Kubernetes
import Sandbox
import Testing
import TestSupport

@Suite("Sandbox API server: REST verbs over HTTPS with mTLS")
struct APIServerRESTTests {
    static let collection = "/apis/networking.istio.io/v1beta1/namespaces/bookinfo/virtualservices"

    private func withBookinfo(_ body: (SandboxAPIServer, SandboxHTTP) async throws -> Void) async throws {
        try await TemporarySandbox.with { sandbox in
            let http = SandboxHTTP(sandbox.server)
            let namespace = try await http.send(.post, "/api/v1/namespaces", Fixtures.namespace("bookinfo"))
            #expect(namespace.status == 201)
            try await body(sandbox.server, http)
        }
    }

    @Test("Create (201), get, list, update, delete a VirtualService")
    func verbs() async throws {
        try await withBookinfo { server, http in
            let created = try await http.send(.post, Self.collection, Fixtures.virtualService())
            #expect(created.status == 201)
            #expect(created.body["metadata"]?["generation"] == 1)
            let read = try await http.get(Self.collection + "/reviews")
            #expect(read.status == 200)
            #expect(read.body == created.body)
            #expect(read.response.headers["content-type"] == "application/json")
            let viaV1 = try await http.get("/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews")
            #expect(viaV1.body["apiVersion"] == "networking.istio.io/v1")
            let list = try await http.get(Self.collection)
            #expect(list.body["kind"] == "VirtualServiceList")
            #expect(list.body["apiVersion"] == "networking.istio.io/v1beta1")
            #expect(list.body["metadata"]?["resourceVersion"]?.stringValue == String(await server.store.resourceVersion))
            #expect(list.body["items"]?.arrayValue?.count == 1)
            var changed = read.body
            changed["spec"]?["http"] = [["route": [["destination": ["host": "reviews", "subset": "v2"], "weight": 100]]]]
            let updated = try await http.send(.put, Self.collection + "/reviews", changed)
            #expect(updated.status == 200)
            #expect(updated.body["metadata"]?["generation"] == 2)
            let deleted = try await http.send(.delete, Self.collection + "/reviews")
            #expect(deleted.status == 200)
            #expect(deleted.body["status"] == "Success")
            #expect(deleted.body["details"]?["name"] == "reviews")
            let again = try await http.get(Self.collection + "/reviews")
            #expect(again.status == 404)
        }
    }

    @Test("Status bodies: 404 NotFound, 409 AlreadyExists, 409 Conflict, 422 Invalid, 400 BadRequest")
    func statusBodies() async throws {
        try await withBookinfo { _, http in
            let missing = try await http.get(Self.collection + "/reviews")
            #expect(missing.status == 404)
            #expect(
                missing.body == [
                    "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                    "message": "virtualservices.networking.istio.io \"reviews\" not found", "reason": "NotFound",
                    "details": ["name": "reviews", "group": "networking.istio.io", "kind": "virtualservices"], "code": 404,
                ])
            let created = try await http.send(.post, Self.collection, Fixtures.virtualService())
            let duplicate = try await http.send(.post, Self.collection, Fixtures.virtualService())
            #expect(duplicate.status == 409)
            #expect(duplicate.body["reason"] == "AlreadyExists")
            var stale = created.body
            stale["metadata"]?["resourceVersion"] = "1"
            let conflict = try await http.send(.put, Self.collection + "/reviews", stale)
            #expect(conflict.status == 409)
            #expect(conflict.body["reason"] == "Conflict")
            #expect(
                conflict.body["message"]
                    == "Operation cannot be fulfilled on virtualservices.networking.istio.io \"reviews\": the object has been modified; please apply your changes to the latest version and try again"
            )
            let invalid = try await http.send(.post, Self.collection, Fixtures.virtualService(name: "Not_Valid"))
            #expect(invalid.status == 422)
            #expect(invalid.body["reason"] == "Invalid")
            #expect(invalid.body["details"]?["kind"] == "VirtualService")
            #expect(invalid.body["details"]?["causes"]?[0]?["field"] == "metadata.name")
            var unnamed = Fixtures.virtualService()
            unnamed["metadata"]?["name"] = nil
            let noName = try await http.send(.post, Self.collection, unnamed)
            #expect(noName.status == 422)
            #expect(noName.body["details"]?["causes"]?[0]?["reason"] == "FieldValueRequired")
            let wrongKind = try await http.send(
                .post, "/apis/networking.istio.io/v1beta1/namespaces/bookinfo/destinationrules", Fixtures.virtualService())
            #expect(wrongKind.status == 400)
            #expect(wrongKind.body["reason"] == "BadRequest")
            let wrongNamespace = try await http.send(
                .post, "/apis/networking.istio.io/v1beta1/namespaces/default/virtualservices", Fixtures.virtualService())
            #expect(wrongNamespace.status == 400)
            let noNamespace = try await http.send(
                .post, "/apis/networking.istio.io/v1beta1/namespaces/ghost/virtualservices",
                Fixtures.virtualService(namespace: nil))
            #expect(noNamespace.status == 404)
            #expect(noNamespace.body["message"] == "namespaces \"ghost\" not found")
            let notJSON = try await http.transport.send(
                HTTPRequest(
                    method: .post, url: URL(string: http.base.absoluteString + Self.collection)!,
                    headers: ["Content-Type": "application/json"], body: Data("{".utf8)))
            #expect(notJSON.status == 400)
        }
    }

    @Test("Patches: merge, JSON (test failure is 422), strategic merge, unsupported type is 415")
    func patches() async throws {
        try await withBookinfo { _, http in
            _ = try await http.send(.post, Self.collection, Fixtures.virtualService())
            let merged = try await http.send(
                .patch, Self.collection + "/reviews", ["metadata": ["annotations": ["a": "b"]]],
                contentType: "application/merge-patch+json")
            #expect(merged.status == 200)
            #expect(merged.body["metadata"]?["annotations"]?["a"] == "b")
            #expect(merged.body["metadata"]?["generation"] == 1)
            let operations: JSONValue = [
                ["op": "test", "path": "/spec/http/0/route/0/weight", "value": 90],
                ["op": "replace", "path": "/spec/http/0/route/0/weight", "value": 40],
                ["op": "replace", "path": "/spec/http/0/route/1/weight", "value": 60],
            ]
            let patched = try await http.send(
                .patch, Self.collection + "/reviews", operations, contentType: "application/json-patch+json")
            #expect(patched.status == 200)
            #expect(patched.body["spec"]?["http"]?[0]?["route"]?[1]?["weight"] == 60)
            #expect(patched.body["metadata"]?["generation"] == 2)
            let failed = try await http.send(
                .patch, Self.collection + "/reviews", operations, contentType: "application/json-patch+json")
            #expect(failed.status == 422)
            #expect(
                failed.body == [
                    "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                    "message": "the server rejected our request due to an error in our request", "reason": "Invalid",
                    "details": [:], "code": 422,
                ])
            let stalePatch = try await http.send(
                .patch, Self.collection + "/reviews", ["metadata": ["resourceVersion": "1"]],
                contentType: "application/merge-patch+json")
            #expect(stalePatch.status == 409)
            let unsupported = try await http.send(
                .patch, Self.collection + "/reviews", ["spec": [:]], contentType: "text/plain")
            #expect(unsupported.status == 415)
            #expect(unsupported.body["reason"] == "UnsupportedMediaType")
            let notFound = try await http.send(
                .patch, Self.collection + "/nothing", ["spec": [:]], contentType: "application/merge-patch+json")
            #expect(notFound.status == 404)
        }
    }

    @Test("Label selectors on list, across namespaces too; malformed is 400")
    func labelSelectors() async throws {
        try await withBookinfo { _, http in
            _ = try await http.send(.post, Self.collection, Fixtures.virtualService())
            _ = try await http.send(
                .post, Self.collection, Fixtures.virtualService(name: "ratings", labels: ["app": "ratings", "tier": "db"]))
            func names(_ query: String, all: Bool = false) async throws -> [String] {
                let path = all ? "/apis/networking.istio.io/v1/virtualservices" : Self.collection
                let answer = try await http.get(path + "?labelSelector=" + query)
                return answer.body["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } ?? []
            }
            #expect(try await names("app%3Dreviews") == ["reviews"])
            #expect(try await names("app%3D%3Dratings") == ["ratings"])
            #expect(try await names("app!%3Dratings") == ["reviews"])
            #expect(try await names("tier") == ["ratings"])
            #expect(try await names("!tier") == ["reviews"])
            #expect(try await names("app+in+(reviews,ratings)", all: true) == ["ratings", "reviews"])
            #expect(try await names("app%20notin%20(reviews)") == ["ratings"])
            let malformed = try await http.get(Self.collection + "?labelSelector=a%3D(")
            #expect(malformed.status == 400)
        }
    }

    @Test("Watch streams ADDED, MODIFIED and DELETED events as JSON lines until timeoutSeconds")
    func watch() async throws {
        try await withBookinfo { server, http in
            _ = try await http.send(.post, Self.collection, Fixtures.virtualService(name: "existing"))
            // The watch ends at its timeout; 8 s leaves the four writes below ample time on a loaded machine.
            let watching = Task {
                try await http.get(Self.collection + "?watch=true&timeoutSeconds=8&fieldSelector=metadata.name!%3Dignored")
            }
            try await Wait.until("the watch to be registered") {
                server.requestLog.entries.contains { $0.uri.contains("watch=true") }
            }
            _ = try await http.send(.post, Self.collection, Fixtures.virtualService())
            _ = try await http.send(.post, Self.collection, Fixtures.virtualService(name: "ignored"))
            _ = try await http.send(
                .patch, Self.collection + "/reviews", ["metadata": ["labels": ["v": "2"]]],
                contentType: "application/merge-patch+json")
            _ = try await http.send(.delete, Self.collection + "/reviews")
            let answer = try await watching.value
            #expect(answer.status == 200)
            let events = answer.response.text.split(separator: "\n").map { try? json(String($0)) }
            let summary = events.map { "\($0?["type"]?.stringValue ?? "?") \($0?["object"]?["metadata"]?["name"]?.stringValue ?? "?")" }
            #expect(summary == ["ADDED existing", "ADDED reviews", "MODIFIED reviews", "DELETED reviews"])
            #expect(events.allSatisfy { $0?["object"]?["apiVersion"] == "networking.istio.io/v1beta1" })
        }
    }

    @Test("fieldSelector on metadata.name filters lists; other fields are 400")
    func fieldSelector() async throws {
        try await withBookinfo { _, http in
            _ = try await http.send(.post, Self.collection, Fixtures.virtualService())
            _ = try await http.send(.post, Self.collection, Fixtures.virtualService(name: "ratings"))
            let one = try await http.get(Self.collection + "?fieldSelector=metadata.name%3Dratings")
            #expect(one.body["items"]?.arrayValue?.count == 1)
            #expect(one.body["items"]?[0]?["metadata"]?["name"] == "ratings")
            let unsupported = try await http.get(Self.collection + "?fieldSelector=spec.hosts%3Dx")
            #expect(unsupported.status == 400)
        }
    }

    @Test("A protobuf body that is truncated or of another kind is 415, not a crash")
    func protobufBodies() async throws {
        try await withBookinfo { _, http in
            for bytes in [[0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f, 0x01], [0x6b, 0x38, 0x73, 0x00], [0x01, 0x02]] as [[UInt8]] {
                let answer = try await http.transport.send(
                    HTTPRequest(
                        method: .post, url: URL(string: http.base.absoluteString + "/api/v1/namespaces/bookinfo/configmaps")!,
                        headers: ["Content-Type": "application/vnd.kubernetes.protobuf"], body: Data(bytes)))
                #expect(answer.status == 415)
            }
        }
    }

    @Test("deletecollection is 405 MethodNotAllowed; unknown paths are 404")
    func unsupported() async throws {
        try await withBookinfo { _, http in
            let collectionDelete = try await http.send(.delete, Self.collection)
            #expect(collectionDelete.status == 405)
            let unknown = try await http.get("/apis/example.com/v1/namespaces/bookinfo/widgets")
            #expect(unknown.status == 404)
            #expect(unknown.body["reason"] == "NotFound")
        }
    }

    @Test("Deployments get a ready status from the simulated controller; a held one is not ready")
    func deploymentStatus() async throws {
        try await withBookinfo { server, http in
            await server.store.holdDeployment(namespace: "bookinfo", name: "held")
            let path = "/apis/apps/v1/namespaces/bookinfo/deployments"
            _ = try await http.send(.post, path, Fixtures.deployment(replicas: 3))
            _ = try await http.send(.post, path, Fixtures.deployment(name: "held"))
            let ready = try await http.get(path + "/reviews-v2")
            #expect(ready.body["status"]?["readyReplicas"] == 3)
            #expect(ready.body["status"]?["observedGeneration"] == ready.body["metadata"]?["generation"])
            let held = try await http.get(path + "/held")
            #expect(held.body["status"]?["availableReplicas"] == nil)
            #expect(held.body["status"]?["conditions"]?[0]?["status"] == "False")
        }
    }
}
