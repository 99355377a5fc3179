import Foundation
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// `samples/deploy/`: the kustomize base and overlays render with `kubectl kustomize`, apply to the Sandbox
/// with `kubectl apply` and read back with `kubectl get`, and every setting they give is one `iter8 run`
/// reads.
@Suite("samples/deploy: kustomize base and overlays")
struct DeployManifestsTests {
    static let repository = DockerfileTests.repository
    static let deploy = repository.appendingPathComponent("samples/deploy")

    /// The environment variables `iter8 run` reads (`ITER8_*` and `POD_NAME`), taken from RunSettings.swift.
    static func variablesRead() throws -> Set<String> {
        let source = try String(
            contentsOf: repository.appendingPathComponent("Sources/iter8/RunSettings.swift"), encoding: .utf8)
        var names: Set<String> = []
        for line in source.split(separator: "\n") where line.contains("value(command.") || line.contains("enabled(command.") {
            for match in line.matches(of: /(?:value|enabled)\(command\.[^"]*"([A-Z_]+)"\)/) { names.insert("ITER8_" + match.output.1) }
        }
        for match in source.matches(of: /environment\["([A-Z0-9_]+)"\]/) { names.insert(String(match.output.1)) }  // POD_NAME too
        return names
    }

    /// kubectl with the sandbox's kubeconfig and a private discovery cache (`sandbox` nil: no cluster).
    static func kubectl(_ arguments: [String], sandbox: TemporarySandbox? = nil, input: String? = nil) async throws -> String {
        let path = try RequiredTool.path("kubectl", package: "kubectl")
        var all = arguments
        if let sandbox {
            all = ["--kubeconfig", sandbox.kubeconfigPath, "--cache-dir", sandbox.directory.appendingPathComponent("cache").path] + all
        }
        let data = input.map { Data($0.utf8) }
        let command = all
        return try await Shell.run(path, command, input: data)
    }

    /// `kubectl kustomize samples/deploy/<folder>`.
    static func render(_ folder: String) async throws -> String {
        try await kubectl(["kustomize", deploy.appendingPathComponent(folder).path])
    }

    /// Applies `manifests` to the sandbox and returns the applied objects as the server answered.
    static func apply(_ manifests: String, to sandbox: TemporarySandbox) async throws -> [JSONValue] {
        let output = try await kubectl(["apply", "-o", "json", "-f", "-"], sandbox: sandbox, input: manifests)
        let answer = try JSONValue.parse(Data(output.utf8))
        return answer["kind"] == "List" ? answer["items"]?.arrayValue ?? [] : [answer]
    }

    static func object(_ objects: [JSONValue], _ kind: String, _ name: String) throws -> JSONValue {
        try #require(objects.first { $0["kind"]?.stringValue == kind && $0["metadata"]?["name"]?.stringValue == name })
    }

    static func container(_ objects: [JSONValue]) throws -> JSONValue {
        try #require(try object(objects, "Deployment", "iter8")["spec"]?["template"]?["spec"]?["containers"]?[0])
    }

    /// Every `ITER8_*` name the objects set: the container's env and the keys of the ConfigMap it loads.
    static func variablesSet(_ objects: [JSONValue]) throws -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in try object(objects, "ConfigMap", "iter8-config")["data"]?.objectValue ?? [:] {
            result[key] = value.stringValue ?? ""
        }
        for entry in try container(objects)["env"]?.arrayValue ?? [] {
            if let name = entry["name"]?.stringValue { result[name] = entry["value"]?.stringValue ?? "" }
        }
        return result
    }

    @Test("RunSettings' variables are found (the check below depends on it)")
    func variablesAreFound() throws {
        let names = try Self.variablesRead()
        for name in ["ITER8_REPOSITORY", "ITER8_POLL_INTERVAL", "ITER8_PROMETHEUS_URL", "ITER8_IN_CLUSTER", "ITER8_WEBHOOK_SECRET_FILE", "ITER8_LEADER_ELECTION", "POD_NAME"] {
            #expect(names.contains(name), "\(name) not found in RunSettings.swift: \(names.sorted())")
        }
        #expect(names.count >= 25)
    }

    @Test("the base renders, applies to the Sandbox with the example Secret, and reads back with kubectl get")
    func base() async throws {
        let rendered = try await Self.render("base")
        #expect(try await Self.render(".") == rendered, "kubectl kustomize samples/deploy should render the base")
        try await TemporarySandbox.with { sandbox in
            let objects = try await Self.apply(rendered, to: sandbox)
            let kinds = objects.compactMap { $0["kind"]?.stringValue }.sorted()
            #expect(
                kinds == [
                    "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "Namespace", "Role", "RoleBinding", "Service",
                    "ServiceAccount",
                ])
            for object in objects where object["kind"] != "Namespace" && !(object["kind"]?.stringValue ?? "").hasPrefix("Cluster") {
                #expect(object["metadata"]?["namespace"] == "iter8-system", "\(object["kind"] ?? .null) is outside iter8-system")
            }
            let read = try await Self.kubectl(["get", "-f", "-", "-o", "name"], sandbox: sandbox, input: rendered)
            #expect(read.split(separator: "\n").count == objects.count, "\(read)")
            #expect(read.contains("clusterrole.rbac.authorization.k8s.io/iter8"))
            #expect(read.contains("deployment.apps/iter8"))

            let example = try String(contentsOf: Self.deploy.appendingPathComponent("secret-example.yaml"), encoding: .utf8)
            #expect(!rendered.contains("kind: Secret"), "the base must not ship a Secret")
            let secret = try #require(try await Self.apply(example, to: sandbox).first)
            #expect(secret["kind"] == "Secret")
            let keys = try await Self.kubectl(
                ["get", "secret", "iter8-credentials", "-n", "iter8-system", "-o", "jsonpath={.data}"], sandbox: sandbox)
            #expect(keys.contains("git-token") && keys.contains("webhook-secret"), "\(keys)")
            #expect(example.contains("REPLACE_ME"))

            try Self.checkDeployment(objects, secretKeys: ["git-token", "webhook-secret", "ssh-privatekey", "known_hosts"])
            try Self.checkRBAC(objects, routingVerbs: ["get", "list", "watch", "patch", "update"])
            let variables = try Self.variablesSet(objects)
            #expect(variables["ITER8_IN_CLUSTER"] == "true")
            #expect(variables["ITER8_APPLY_MODE"] == nil)
            #expect(variables["ITER8_GIT_TOKEN_FILE"] == "/etc/iter8/credentials/git-token")
            #expect(variables["ITER8_PROMETHEUS_URL"]?.hasPrefix("http://") == true)
        }
    }

    @Test("the git-mode overlay sets ITER8_APPLY_MODE=git and leaves iter8 read-only on routing; it applies over the base")
    func gitMode() async throws {
        let base = try await Self.render("base")
        let rendered = try await Self.render("overlays/git-mode")
        try await TemporarySandbox.with { sandbox in
            _ = try await Self.apply(base, to: sandbox)
            let objects = try await Self.apply(rendered, to: sandbox)
            #expect(objects.count == 9)
            #expect(try Self.variablesSet(objects)["ITER8_APPLY_MODE"] == "git")
            try Self.checkRBAC(objects, routingVerbs: ["get", "list", "watch"])
            try Self.checkDeployment(objects, secretKeys: ["git-token", "webhook-secret"])
            let mode = try await Self.kubectl(
                ["get", "configmap", "iter8-config", "-n", "iter8-system", "-o", "jsonpath={.data.ITER8_APPLY_MODE}"], sandbox: sandbox)
            #expect(mode == "git")
            let verbs = try await Self.kubectl(["get", "clusterrole", "iter8", "-o", "jsonpath={.rules[0].verbs}"], sandbox: sandbox)
            #expect(!verbs.contains("patch"), "kubectl apply should have removed patch: \(verbs)")
        }
        let folder = Self.deploy.appendingPathComponent("overlays/git-mode")
        let argo = try String(contentsOf: folder.appendingPathComponent("argocd-application.yaml"), encoding: .utf8)
        let flux = try String(contentsOf: folder.appendingPathComponent("flux-kustomization.yaml"), encoding: .utf8)
        #expect(argo.contains("kind: Application") && argo.contains("selfHeal: true"))
        #expect(flux.contains("kind: Kustomization") && flux.contains("kind: GitRepository"))
        #expect(!rendered.contains("argoproj.io") && !rendered.contains("fluxcd.io"), "the examples are not part of the overlay")
    }

    @Test("the ssh overlay swaps the token file for the key and known_hosts files")
    func ssh() async throws {
        let rendered = try await Self.render("overlays/ssh")
        try await TemporarySandbox.with { sandbox in
            let objects = try await Self.apply(rendered, to: sandbox)
            let variables = try Self.variablesSet(objects)
            #expect(variables["ITER8_GIT_TOKEN_FILE"] == nil)
            #expect(variables["ITER8_SSH_KEY_FILE"] == "/etc/iter8/credentials/ssh-privatekey")
            #expect(variables["ITER8_KNOWN_HOSTS_FILE"] == "/etc/iter8/credentials/known_hosts")
            #expect(variables["ITER8_REPOSITORY"]?.hasPrefix("ssh://") == true)
            try Self.checkDeployment(objects, secretKeys: ["webhook-secret", "ssh-privatekey", "known_hosts"])
        }
    }

    /// The Deployment's shape: every variable is one `iter8 run` reads, files come from the credentials Secret
    /// (with keys among `secretKeys`, all documented in secret-example.yaml), the workdir is an emptyDir,
    /// probes, resources and a restrictive securityContext; the Service targets the container's port.
    static func checkDeployment(_ objects: [JSONValue], secretKeys: Set<String>, replicas: Int = 2) throws {
        let known = try variablesRead()
        let variables = try variablesSet(objects)
        for name in variables.keys.sorted() {
            #expect(known.contains(name), "\(name) is not read by iter8 run (Sources/iter8/RunSettings.swift)")
        }
        let deployment = try object(objects, "Deployment", "iter8")
        // With leader election: one reconciles, one stands by (the sharded overlay runs more, all reconciling).
        #expect(deployment["spec"]?["replicas"] == .integer(Int64(replicas)))
        #expect(deployment["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"] == 0)
        let pod = try #require(deployment["spec"]?["template"]?["spec"])
        #expect(pod["serviceAccountName"] == "iter8")
        let container = try container(objects)
        #expect(container["image"] == "ghcr.io/iter8-tools/iter8-gitops:latest")
        #expect(container["envFrom"]?[0]?["configMapRef"]?["name"] == "iter8-config")
        #expect(container["ports"]?[0]?["containerPort"] == 8080)
        #expect(container["livenessProbe"]?["httpGet"]?["path"] == "/healthz")
        #expect(container["readinessProbe"]?["httpGet"]?["path"] == "/readyz")
        #expect(container["livenessProbe"]?["httpGet"]?["port"] == "http")
        #expect(container["resources"]?["requests"]?["memory"] != nil && container["resources"]?["limits"]?["memory"] != nil)
        #expect(container["resources"]?["requests"]?["cpu"] != nil && container["resources"]?["limits"]?["cpu"] != nil)
        let security = try #require(container["securityContext"])
        #expect(security["runAsNonRoot"] == true)
        #expect(security["runAsUser"] == 65532)
        #expect(security["readOnlyRootFilesystem"] == true)
        #expect(security["allowPrivilegeEscalation"] == false)
        #expect(security["capabilities"]?["drop"] == ["ALL"])
        #expect(security["seccompProfile"]?["type"] == "RuntimeDefault")

        let mounts = container["volumeMounts"]?.arrayValue ?? []
        let volumes = pod["volumes"]?.arrayValue ?? []
        func volume(at path: String) -> JSONValue? {
            guard let name = mounts.first(where: { $0["mountPath"]?.stringValue == path })?["name"] else { return nil }
            return volumes.first { $0["name"] == name }
        }
        #expect(variables["ITER8_WORKDIR"] == "/var/lib/iter8")
        #expect(volume(at: "/var/lib/iter8")?["emptyDir"] != nil, "the workdir must be an emptyDir (read-only root)")
        #expect(volume(at: "/tmp")?["emptyDir"] != nil)
        let credentials = "/etc/iter8/credentials"
        #expect(volume(at: credentials)?["secret"]?["secretName"] == "iter8-credentials")
        let example = try String(contentsOf: deploy.appendingPathComponent("secret-example.yaml"), encoding: .utf8)
        #expect(example.contains("name: iter8-credentials"))
        for (name, file) in variables where name.hasSuffix("_FILE") {
            #expect(file.hasPrefix(credentials + "/"), "\(name)=\(file) is not in the mounted Secret")
            let key = String(file.dropFirst(credentials.count + 1))
            #expect(secretKeys.contains(key), "\(name) reads the key \(key)")
            #expect(example.contains(" \(key):"), "secret-example.yaml does not document the key \(key)")
        }
        let service = try object(objects, "Service", "iter8")
        #expect(service["spec"]?["ports"]?[0]?["port"] == 8080)
        #expect(service["spec"]?["ports"]?[0]?["targetPort"] == container["ports"]?[0]?["name"])
        let selector = service["spec"]?["selector"]?.objectValue ?? [:]
        let labels = pod["metadata"]?["labels"]?.objectValue ?? deployment["spec"]?["template"]?["metadata"]?["labels"]?.objectValue ?? [:]
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }, "the Service selects no iter8 pod")
    }

    /// Least privilege: routing verbs as given, Deployments read-only, Leases only in iter8-system, bound to
    /// the iter8 ServiceAccount; Events create-only; nothing else may create, nothing may delete.
    static func checkRBAC(_ objects: [JSONValue], routingVerbs: [String]) throws {
        let role = try object(objects, "ClusterRole", "iter8")
        let rules = role["rules"]?.arrayValue ?? []
        try #require(rules.count == 4)
        #expect(rules[0]["apiGroups"] == ["networking.istio.io"])
        #expect(rules[0]["resources"] == ["virtualservices", "destinationrules"])
        #expect(rules[0]["verbs"] == .array(routingVerbs.map(JSONValue.string)))
        #expect(rules[1]["apiGroups"] == ["gateway.networking.k8s.io"])
        #expect(rules[1]["resources"] == ["httproutes"])
        #expect(rules[1]["verbs"] == .array(routingVerbs.map(JSONValue.string)))
        #expect(rules[2]["apiGroups"] == ["apps"] && rules[2]["resources"] == ["deployments"] && rules[2]["verbs"] == ["get", "list"])
        #expect(rules[3] == ["apiGroups": ["events.k8s.io"], "resources": ["events"], "verbs": ["create"]])
        let creates = rules.filter { $0["verbs"]?.arrayValue?.contains("create") == true }
        #expect(creates == [rules[3]], "only Events may be created cluster-wide")
        let leases = try object(objects, "Role", "iter8-leader-election")
        #expect(leases["metadata"]?["namespace"] == "iter8-system")
        #expect(leases["rules"] == [["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "create", "update"]]])
        for kind in ["ClusterRole", "Role"] {
            for object in objects where object["kind"]?.stringValue == kind {
                let verbs = (object["rules"]?.arrayValue ?? []).flatMap { $0["verbs"]?.arrayValue ?? [] }
                #expect(!verbs.contains("delete") && !verbs.contains("*"), "\(kind) \(object["metadata"]?["name"] ?? .null)")
            }
        }
        let subject: JSONValue = ["kind": "ServiceAccount", "name": "iter8", "namespace": "iter8-system"]
        #expect(try object(objects, "ClusterRoleBinding", "iter8")["subjects"] == [subject])
        #expect(try object(objects, "ClusterRoleBinding", "iter8")["roleRef"]?["name"] == "iter8")
        #expect(try object(objects, "RoleBinding", "iter8-leader-election")["subjects"] == [subject])
    }
}
