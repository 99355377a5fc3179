import Foundation
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// kubectl as a second, independent client of the Sandbox: it cross-checks the wire format.
@Suite("kubectl against the Sandbox API server")
struct KubectlTests {
    /// Runs kubectl with the sandbox's kubeconfig and a private discovery cache.
    struct Kubectl {
        let path: String
        let sandbox: TemporarySandbox

        init(_ sandbox: TemporarySandbox) throws {
            path = try RequiredTool.path("kubectl", package: "kubectl")
            self.sandbox = sandbox
        }

        @discardableResult
        func callAsFunction(_ arguments: String...) async throws -> String {
            let all =
                ["--kubeconfig", sandbox.kubeconfigPath, "--cache-dir", sandbox.directory.appendingPathComponent("cache").path]
                + arguments
            let path = path
            do {
                return try await Shell.run(path, all)
            } catch {
                let recent = sandbox.server.requestLog.entries.suffix(8).map {
                    "\($0) [\($0.contentType ?? "no body")]"
                }
                throw TestSupportError("\(error)\nrecent requests:\n" + recent.joined(separator: "\n"))
            }
        }

        /// Writes `text` to a file in the sandbox directory and returns its path.
        func file(_ name: String, _ text: String) throws -> String {
            let url = sandbox.directory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    static func virtualServiceYAML(weights: (Int, Int)) -> String {
        """
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          hosts:
          - reviews
          http:
          - route:
            - destination:
                host: reviews
                subset: v1
              weight: \(weights.0)
            - destination:
                host: reviews
                subset: v2
              weight: \(weights.1)

        """
    }

    static func workloadYAML(image: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: reviews-v2
          namespace: bookinfo
          labels:
            app: reviews
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: reviews
              version: v2
          template:
            metadata:
              labels:
                app: reviews
                version: v2
            spec:
              containers:
              - name: reviews
                image: \(image)
                ports:
                - containerPort: 9080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          selector:
            app: reviews
          ports:
          - name: http
            port: 9080

        """
    }

    @Test("get, apply (create, then patch a weight), patch merge and json, apply --server-side, delete a VirtualService")
    func virtualServices() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try Kubectl(sandbox)
            try await kubectl("create", "namespace", "bookinfo")
            let empty = try JSONValue.parse(Data(try await kubectl("get", "virtualservices", "-n", "bookinfo", "-o", "json").utf8))
            #expect(empty["items"] == [])
            try await kubectl("apply", "-f", try kubectl.file("vs.yaml", Self.virtualServiceYAML(weights: (90, 10))))
            let created = try await sandbox.store.get(.virtualService(), namespace: "bookinfo", name: "reviews")
            #expect(created["spec"]?["http"]?[0]?["route"]?[1]?["weight"] == 10)
            try await kubectl("apply", "-f", try kubectl.file("vs.yaml", Self.virtualServiceYAML(weights: (70, 30))))
            let applied = try await sandbox.store.get(.virtualService(), namespace: "bookinfo", name: "reviews")
            #expect(applied["spec"]?["http"]?[0]?["route"]?[0]?["weight"] == 70)
            #expect(applied["spec"]?["http"]?[0]?["route"]?[1]?["weight"] == 30)
            #expect(applied["metadata"]?["generation"] == 2)
            #expect(applied["metadata"]?["uid"] == created["metadata"]?["uid"])
            let listed = try JSONValue.parse(Data(try await kubectl("get", "vs", "-n", "bookinfo", "-o", "json").utf8))
            #expect(listed["items"]?[0]?["metadata"]?["name"] == "reviews")
            let table = try await kubectl("get", "virtualservices", "-n", "bookinfo")
            #expect(table.contains("reviews"))
            try await kubectl(
                "patch", "virtualservice", "reviews", "-n", "bookinfo", "--type", "merge", "-p",
                #"{"metadata":{"labels":{"patched":"yes"}},"spec":{"hosts":["reviews","reviews.bookinfo"]}}"#)
            let patched = try await sandbox.store.get(.virtualService(), namespace: "bookinfo", name: "reviews")
            #expect(patched["metadata"]?["labels"]?["patched"] == "yes")
            #expect(patched["spec"]?["hosts"] == ["reviews", "reviews.bookinfo"])
            try await kubectl(
                "patch", "virtualservice", "reviews", "-n", "bookinfo", "--type", "json", "-p",
                #"[{"op":"replace","path":"/spec/http/0/route/0/weight","value":0},{"op":"replace","path":"/spec/http/0/route/1/weight","value":100}]"#)
            let shifted = try await SandboxHTTP(sandbox.server).get(
                "/apis/networking.istio.io/v1/namespaces/bookinfo/virtualservices/reviews")
            #expect(shifted.body["spec"]?["http"]?[0]?["route"]?[1]?["weight"] == 100)
            try await kubectl(
                "apply", "--server-side", "--force-conflicts", "-f", try kubectl.file("vs.yaml", Self.virtualServiceYAML(weights: (20, 80))))
            let serverSide = try await sandbox.store.get(.virtualService(), namespace: "bookinfo", name: "reviews")
            #expect(serverSide["spec"]?["http"]?[0]?["route"]?[1]?["weight"] == 80)
            let output = try await kubectl("delete", "virtualservice", "reviews", "-n", "bookinfo")
            #expect(output.contains("deleted"))
            let gone = await #expect(throws: APIStatus.self) {
                try await sandbox.store.get(.virtualService(), namespace: "bookinfo", name: "reviews")
            }
            #expect(gone?.code == 404)
        }
    }

    @Test("apply a Deployment and a Service, re-apply a new image, get deploy")
    func workloads() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try Kubectl(sandbox)
            try await kubectl("create", "namespace", "bookinfo")
            try await kubectl("apply", "-f", try kubectl.file("app.yaml", Self.workloadYAML(image: "reviews:v2")))
            let service = try await sandbox.store.get(.service, namespace: "bookinfo", name: "reviews")
            #expect(service["spec"]?["ports"]?[0]?["port"] == 9080)
            try await kubectl("apply", "-f", try kubectl.file("app.yaml", Self.workloadYAML(image: "reviews:v3")))
            let deployment = try await sandbox.store.get(.deployment, namespace: "bookinfo", name: "reviews-v2")
            let container = deployment["spec"]?["template"]?["spec"]?["containers"]?[0]
            #expect(container?["image"] == "reviews:v3")
            #expect(container?["ports"]?[0]?["containerPort"] == 9080)
            #expect(deployment["metadata"]?["generation"] == 2)
            let listed = try JSONValue.parse(Data(try await kubectl("get", "deploy", "-n", "bookinfo", "-o", "json").utf8))
            #expect(listed["items"]?[0]?["status"]?["readyReplicas"] == 2)
            let table = try await kubectl("get", "deploy", "-n", "bookinfo")
            #expect(table.contains("reviews-v2"))
            let rollout = try await kubectl("rollout", "status", "deployment/reviews-v2", "-n", "bookinfo", "--timeout=20s")
            #expect(rollout.contains("successfully rolled out"))
            try await kubectl(
                "wait", "--for=condition=Available", "deployment/reviews-v2", "-n", "bookinfo", "--timeout=20s")
            try await kubectl("scale", "deployment", "reviews-v2", "-n", "bookinfo", "--replicas=3")
            let scaled = try await sandbox.store.get(.deployment, namespace: "bookinfo", name: "reviews-v2")
            #expect(scaled["spec"]?["replicas"] == 3)
            #expect(scaled["status"]?["readyReplicas"] == 3)
        }
    }

    @Test("typed generators: create namespace, configmap and secret (protobuf bodies)")
    func generators() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try Kubectl(sandbox)
            try await kubectl("create", "namespace", "team", "--dry-run=none")
            try await kubectl("create", "configmap", "settings", "-n", "team", "--from-literal=mode=fast")
            try await kubectl("create", "secret", "generic", "token", "-n", "team", "--from-literal=key=s3cr3t")
            let configMap = try await sandbox.store.get(.configMap, namespace: "team", name: "settings")
            #expect(configMap["data"] == ["mode": "fast"])
            let secret = try await sandbox.store.get(.secret, namespace: "team", name: "token")
            #expect(secret["data"]?["key"] == .string(Data("s3cr3t".utf8).base64EncodedString()))
            #expect(secret["type"] == "Opaque")
            let listed = try await kubectl("get", "configmaps,secrets", "-n", "team", "-o", "name")
            #expect(listed.contains("configmap/settings") && listed.contains("secret/token"))
        }
    }
}
