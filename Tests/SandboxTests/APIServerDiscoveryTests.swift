import Kubernetes
import Sandbox
import Testing

@Suite("Sandbox API server: discovery documents")
struct APIServerDiscoveryTests {
    @Test("/version, /api, /apis, /apis/<group> and resource lists")
    func discovery() async throws {
        try await TemporarySandbox.with { sandbox in
            let http = SandboxHTTP(sandbox.server)
            let version = try await http.get("/version")
            #expect(version.body["major"] == "1")
            let core = try await http.get("/api")
            #expect(core.body["kind"] == "APIVersions")
            #expect(core.body["versions"] == ["v1"])
            let groups = try await http.get("/apis")
            #expect(groups.body["kind"] == "APIGroupList")
            let istio = groups.body["groups"]?.arrayValue?.first { $0["name"] == "networking.istio.io" }
            #expect(istio?["preferredVersion"]?["version"] == "v1")
            #expect(istio?["versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } == ["v1", "v1beta1", "v1alpha3"])
            let group = try await http.get("/apis/apps")
            #expect(group.body["kind"] == "APIGroup")
            for version in ["v1", "v1beta1", "v1alpha3"] {
                let list = try await http.get("/apis/networking.istio.io/\(version)")
                let vs = list.body["resources"]?.arrayValue?.first { $0["name"] == "virtualservices" }
                #expect(vs?["kind"] == "VirtualService")
                #expect(vs?["shortNames"] == ["vs"])
                #expect(vs?["namespaced"] == true)
                #expect(list.body["groupVersion"]?.stringValue == "networking.istio.io/\(version)")
            }
            let v1 = try await http.get("/api/v1")
            let names = v1.body["resources"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(Set(names).isSuperset(of: ["namespaces", "services", "configmaps", "secrets"]))
            let namespaces = v1.body["resources"]?.arrayValue?.first { $0["name"] == "namespaces" }
            #expect(namespaces?["namespaced"] == false)
            let apps = try await http.get("/apis/apps/v1")
            #expect(apps.body["resources"]?[0]?["shortNames"] == ["deploy"])
            let leases = try await http.get("/apis/coordination.k8s.io/v1")
            #expect(leases.body["resources"]?[0]?["kind"] == "Lease")
            let missing = try await http.get("/apis/example.com/v1")
            #expect(missing.status == 404)
        }
    }

    @Test("The default namespaces exist and namespaces are cluster-scoped")
    func namespaces() async throws {
        try await TemporarySandbox.with { sandbox in
            let http = SandboxHTTP(sandbox.server)
            let list = try await http.get("/api/v1/namespaces")
            let names = list.body["items"]?.arrayValue?.compactMap { $0["metadata"]?["name"]?.stringValue } ?? []
            #expect(names.contains("default"))
            let one = try await http.get("/api/v1/namespaces/default")
            #expect(one.body["status"]?["phase"] == "Active")
        }
    }
}
