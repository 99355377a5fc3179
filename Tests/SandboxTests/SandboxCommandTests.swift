import Foundation
import HTTPTransport
import Kubernetes
import Testing
import TestSupport

@Suite("The iter8 sandbox command, as a process")
struct SandboxCommandTests {
    /// The `iter8` executable SwiftPM built next to the test bundle.
    static func executable() throws -> String { try BuiltExecutable.path("iter8") }

    static let manifests = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: bookinfo
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: reviews-v1
          namespace: bookinfo
          annotations:
            sandbox.iter8.tools/latency-ms: "30"
        spec:
          replicas: 1
          selector:
            matchLabels: {app: reviews, version: v1}
          template:
            metadata:
              labels: {app: reviews, version: v1}
            spec:
              containers: [{name: reviews, image: "reviews:v1"}]
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          hosts: [reviews-v1]
          http:
            - name: main
              route:
                - destination: {host: reviews-v1}
                  weight: 100

        """

    @Test("loads manifests, prints the kubeconfig and metrics URL, serves both, and exits 0 on SIGINT")
    func sandbox() async throws {
        let iter8 = try Self.executable()
        let kubectl = try RequiredTool.path("kubectl", package: "kubectl")
        let directory = try TemporaryDirectory(prefix: "iter8-sandbox-command")
        let manifests = directory.file("manifests")
        try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
        try Self.manifests.write(to: manifests.appendingPathComponent("app.yaml"), atomically: true, encoding: .utf8)
        let kubeconfig = directory.file("kubeconfig").path
        let arguments = [
            "sandbox", manifests.path, "--kubeconfig", kubeconfig, "--port", "0", "--metrics-port", "0", "--time-scale", "20",
        ]
        let log = directory.file("sandbox.log")
        let process = try await offPool { try ManagedProcess(iter8, arguments, logFile: log) }
        var metricsURL: URL?
        try await Wait.until("iter8 sandbox to print its kubeconfig and metrics URL", timeout: .seconds(60)) {
            guard process.isRunning else { throw TestSupportError("iter8 sandbox exited: \(process.logTail())") }
            let output = process.logTail(10_000)
            guard output.contains("kubeconfig: \(kubeconfig)"), let line = output.split(separator: "\n").first(where: { $0.hasPrefix("metrics:") })
            else { return false }
            metricsURL = URL(string: line.dropFirst("metrics:".count).trimmingCharacters(in: .whitespaces))
            return true
        }
        let metrics = try #require(metricsURL)
        #expect(metrics.path == "/metrics" && metrics.host == "127.0.0.1")
        #expect(process.logTail(10_000).contains("applied VirtualService bookinfo/reviews"))

        let cache = directory.file("cache").path
        let listed = try await Shell.run(kubectl, ["--kubeconfig", kubeconfig, "--cache-dir", cache, "get", "virtualservices", "-A", "-o", "json"])
        let items = try JSONValue.parse(Data(listed.utf8))["items"]?.arrayValue ?? []
        #expect(items.count == 1)
        #expect(items.first?["metadata"]?["namespace"]?.stringValue == "bookinfo")
        #expect(items.first?["spec"]?["http"]?[0]?["route"]?[0]?["weight"]?.integerValue == 100)

        let transport = CurlTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(30), total: .seconds(60))))
        try await Wait.until("simulated traffic in /metrics", timeout: .seconds(60), interval: .milliseconds(100)) {
            let response = try await transport.send(HTTPRequest(method: .get, url: metrics))
            return response.status == 200
                && String(decoding: response.body, as: UTF8.self).contains(#"istio_requests_total{reporter="source""#)
        }

        process.signal(SIGINT)
        try await Wait.until("iter8 sandbox to exit after SIGINT", timeout: .seconds(60), interval: .milliseconds(50)) {
            !process.isRunning
        }
        #expect(process.exitStatus == 0, "log: \(process.logTail())")
        #expect(process.logTail().contains("stopping"))
    }
}
