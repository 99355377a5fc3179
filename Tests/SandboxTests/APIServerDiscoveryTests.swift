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

    @Test("gateway.networking.k8s.io: HTTPRoute in v1 (preferred) and v1beta1, and its OpenAPI v3 documents")
    func gatewayAPI() async throws {
        try await TemporarySandbox.with { sandbox in
            let http = SandboxHTTP(sandbox.server)
            let groups = try await http.get("/apis")
            let gateway = groups.body["groups"]?.arrayValue?.first { $0["name"] == "gateway.networking.k8s.io" }
            #expect(gateway?["preferredVersion"]?["version"] == "v1")
            #expect(gateway?["versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } == ["v1", "v1beta1"])
            let group = try await http.get("/apis/gateway.networking.k8s.io")
            #expect(group.body["kind"] == "APIGroup")
            #expect(group.body["preferredVersion"]?["groupVersion"] == "gateway.networking.k8s.io/v1")
            for version in ["v1", "v1beta1"] {
                let list = try await http.get("/apis/gateway.networking.k8s.io/\(version)")
                let routes = list.body["resources"]?.arrayValue?.first { $0["name"] == "httproutes" }
                #expect(routes?["kind"] == "HTTPRoute")
                #expect(routes?["singularName"] == "httproute")
                #expect(routes?["namespaced"] == true)
                #expect(routes?["categories"] == ["gateway-api"])
                #expect(routes?["verbs"]?.arrayValue?.contains("patch") == true)
                let openAPI = try await http.get("/openapi/v3/apis/gateway.networking.k8s.io/\(version)")
                // kubectl leaves validation to the server once it finds a PATCH operation of the kind.
                let patch = openAPI.body["paths"]?.objectValue?.first { $0.key.hasSuffix("/httproutes/{name}") }?.value["patch"]
                #expect(patch?["x-kubernetes-group-version-kind"]?["kind"] == "HTTPRoute")
                #expect(patch?["x-kubernetes-group-version-kind"]?["version"] == .string(version))
            }
            let root = try await http.get("/openapi/v3")
            #expect(root.body["paths"]?["apis/gateway.networking.k8s.io/v1"] != nil)
            #expect(root.body["paths"]?["apis/gateway.networking.k8s.io/v1beta1"] != nil)
            #expect(try await http.get("/apis/gateway.networking.k8s.io/v1alpha2").status == 404)
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
