import Foundation
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// The kinds a deployment of iter8 itself needs (ServiceAccount and RBAC), through kubectl: discovery scopes,
/// apply (create, then change), get and delete.
@Suite("kubectl against the Sandbox API server: ServiceAccount and RBAC")
struct KubectlRBACTests {
    static func manifests(verbs: [String]) -> String {
        let list = verbs.map { "\"\($0)\"" }.joined(separator: ", ")
        return """
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: iter8
              namespace: iter8-system
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: iter8
            rules:
            - apiGroups: ["networking.istio.io"]
              resources: ["virtualservices", "destinationrules"]
              verbs: [\(list)]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: iter8
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: ClusterRole
              name: iter8
            subjects:
            - kind: ServiceAccount
              name: iter8
              namespace: iter8-system
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: iter8-leases
              namespace: iter8-system
            rules:
            - apiGroups: ["coordination.k8s.io"]
              resources: ["leases"]
              verbs: [\(list)]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: iter8-leases
              namespace: iter8-system
            roleRef:
              apiGroup: rbac.authorization.k8s.io
              kind: Role
              name: iter8-leases
            subjects:
            - kind: ServiceAccount
              name: iter8
              namespace: iter8-system

            """
    }

    static func type(_ group: String, _ resource: String) throws -> ResourceType {
        try #require(ServedResource.find(group: group, resource: resource)).type("v1")
    }

    @Test("discovery: ServiceAccount and Role/RoleBinding are namespaced, ClusterRole/ClusterRoleBinding are not")
    func discovery() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try KubectlTests.Kubectl(sandbox)
            let clusterScoped = try await kubectl(
                "api-resources", "--api-group", "rbac.authorization.k8s.io", "--namespaced=false", "-o", "name")
            #expect(
                Set(clusterScoped.split(separator: "\n").map(String.init))
                    == ["clusterroles.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io"])
            let namespaced = try await kubectl(
                "api-resources", "--api-group", "rbac.authorization.k8s.io", "--namespaced=true", "-o", "name")
            #expect(
                Set(namespaced.split(separator: "\n").map(String.init))
                    == ["roles.rbac.authorization.k8s.io", "rolebindings.rbac.authorization.k8s.io"])
            let account = try await kubectl("api-resources", "--api-group", "", "--namespaced=true", "-o", "wide")
            let row = account.split(separator: "\n").first { $0.hasPrefix("serviceaccounts ") }
            #expect(row?.contains(" sa ") == true, "\(account)")
        }
    }

    @Test("apply creates each kind, a second apply changes the rules, get reads them, delete removes them")
    func applyGetDelete() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try KubectlTests.Kubectl(sandbox)
            try await kubectl("create", "namespace", "iter8-system")
            let file = try kubectl.file("rbac.yaml", Self.manifests(verbs: ["get", "list"]))
            let created = try await kubectl("apply", "-f", file)
            for line in [
                "serviceaccount/iter8 created", "clusterrole.rbac.authorization.k8s.io/iter8 created",
                "clusterrolebinding.rbac.authorization.k8s.io/iter8 created", "role.rbac.authorization.k8s.io/iter8-leases created",
                "rolebinding.rbac.authorization.k8s.io/iter8-leases created",
            ] {
                #expect(created.contains(line), "\(created)")
            }
            let role = try await sandbox.store.get(try Self.type("rbac.authorization.k8s.io", "clusterroles"), namespace: nil, name: "iter8")
            #expect(role["metadata"]?["namespace"] == nil)
            #expect(role["rules"]?[0]?["verbs"] == ["get", "list"])
            let binding = try await sandbox.store.get(
                try Self.type("rbac.authorization.k8s.io", "rolebindings"), namespace: "iter8-system", name: "iter8-leases")
            #expect(binding["subjects"]?[0]?["name"] == "iter8")

            let changed = try await kubectl("apply", "-f", try kubectl.file("rbac.yaml", Self.manifests(verbs: ["get", "list", "watch"])))
            #expect(changed.contains("clusterrole.rbac.authorization.k8s.io/iter8 configured"), "\(changed)")
            #expect(changed.contains("serviceaccount/iter8 unchanged"), "\(changed)")
            let read = try JSONValue.parse(Data(try await kubectl("get", "clusterrole", "iter8", "-o", "json").utf8))
            #expect(read["rules"]?[0]?["verbs"] == ["get", "list", "watch"])
            let leases = try JSONValue.parse(Data(try await kubectl("get", "role", "iter8-leases", "-n", "iter8-system", "-o", "json").utf8))
            #expect(leases["rules"]?[0]?["verbs"] == ["get", "list", "watch"])
            let accounts = try await kubectl("get", "sa", "-n", "iter8-system", "-o", "name")
            #expect(accounts.trimmingCharacters(in: .whitespacesAndNewlines) == "serviceaccount/iter8")
            let bindings = try await kubectl("get", "clusterrolebindings", "-o", "name")
            #expect(bindings.contains("clusterrolebinding.rbac.authorization.k8s.io/iter8"))

            try await kubectl("delete", "clusterrole", "iter8")
            try await kubectl("delete", "rolebinding", "iter8-leases", "-n", "iter8-system")
            await #expect(throws: (any Error).self) { try await kubectl("get", "clusterrole", "iter8") }
            await #expect(throws: (any Error).self) { try await kubectl("get", "rolebinding", "iter8-leases", "-n", "iter8-system") }
            try await kubectl("delete", "namespace", "iter8-system")
            await #expect(throws: (any Error).self) { try await kubectl("get", "sa", "iter8", "-n", "iter8-system") }
            let remaining = try await kubectl("get", "clusterrolebinding", "iter8", "-o", "name")
            #expect(remaining.contains("clusterrolebinding.rbac.authorization.k8s.io/iter8"), "cluster-scoped objects outlive a namespace")
        }
    }
}
