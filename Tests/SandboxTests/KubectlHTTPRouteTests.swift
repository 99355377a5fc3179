import Foundation
import Kubernetes
import Sandbox
import Testing
import TestSupport

/// kubectl as a second client of the Sandbox's Gateway API HTTPRoutes (`gateway.networking.k8s.io` v1 and v1beta1).
@Suite("kubectl round trip of a Gateway API HTTPRoute")
struct KubectlHTTPRouteTests {
    static func httpRouteYAML(apiVersion: String = "gateway.networking.k8s.io/v1", weights: (Int, Int)) -> String {
        """
        apiVersion: \(apiVersion)
        kind: HTTPRoute
        metadata:
          name: reviews
          namespace: bookinfo
        spec:
          parentRefs:
          - group: ""
            kind: Service
            name: reviews
            port: 9080
          rules:
          - name: canary
            backendRefs:
            - name: reviews-v1
              port: 9080
              weight: \(weights.0)
            - name: reviews-v2
              port: 9080
              weight: \(weights.1)

        """
    }

    @Test("apply (create, then change a weight), get by every name, patch strategic, merge and json, apply --server-side, delete")
    func roundTrip() async throws {
        try await TemporarySandbox.with { sandbox in
            let kubectl = try KubectlTests.Kubectl(sandbox)
            try await kubectl("create", "namespace", "bookinfo")
            let empty = try JSONValue.parse(Data(try await kubectl("get", "httproutes", "-n", "bookinfo", "-o", "json").utf8))
            #expect(empty["items"] == [])

            try await kubectl("apply", "-f", try kubectl.file("route.yaml", Self.httpRouteYAML(weights: (90, 10))))
            let created = try await sandbox.store.get(.httpRoute(), namespace: "bookinfo", name: "reviews")
            #expect(created["apiVersion"] == "gateway.networking.k8s.io/v1")
            #expect(created["spec"]?["rules"]?[0]?["backendRefs"]?[1]?["weight"] == 10)
            #expect(created["spec"]?["parentRefs"]?[0]?["kind"] == "Service")

            // Re-applied through v1beta1: the same object (one storage), generation 2.
            let beta = Self.httpRouteYAML(apiVersion: "gateway.networking.k8s.io/v1beta1", weights: (70, 30))
            try await kubectl("apply", "-f", try kubectl.file("route.yaml", beta))
            let applied = try await sandbox.store.get(.httpRoute(), namespace: "bookinfo", name: "reviews")
            #expect(applied["spec"]?["rules"]?[0]?["backendRefs"]?[0]?["weight"] == 70)
            #expect(applied["spec"]?["rules"]?[0]?["backendRefs"]?[1]?["weight"] == 30)
            #expect(applied["metadata"]?["generation"] == 2)
            #expect(applied["metadata"]?["uid"] == created["metadata"]?["uid"])
            let viaBeta = try await sandbox.store.get(.httpRoute("v1beta1"), namespace: "bookinfo", name: "reviews")
            #expect(viaBeta["apiVersion"] == "gateway.networking.k8s.io/v1beta1")

            for name in ["httproutes", "httproute", "httproute.gateway.networking.k8s.io", "httproutes.v1beta1.gateway.networking.k8s.io"] {
                let listed = try JSONValue.parse(Data(try await kubectl("get", name, "-n", "bookinfo", "-o", "json").utf8))
                #expect(listed["items"]?[0]?["metadata"]?["name"] == "reviews", "kubectl get \(name)")
            }
            let table = try await kubectl("get", "httproutes", "-n", "bookinfo")
            #expect(table.contains("reviews"))
            let category = try await kubectl("get", "gateway-api", "-n", "bookinfo", "-o", "name")
            #expect(category.contains("httproute.gateway.networking.k8s.io/reviews"))

            // kubectl's default patch type is strategic merge; the Sandbox approximates it for custom resources.
            try await kubectl("patch", "httproute", "reviews", "-n", "bookinfo", "-p", #"{"metadata":{"labels":{"strategic":"yes"}}}"#)
            try await kubectl(
                "patch", "httproute", "reviews", "-n", "bookinfo", "--type", "merge", "-p",
                #"{"metadata":{"labels":{"patched":"yes"}},"spec":{"hostnames":["reviews.bookinfo"]}}"#)
            let patched = try await sandbox.store.get(.httpRoute(), namespace: "bookinfo", name: "reviews")
            #expect(patched["metadata"]?["labels"] == ["strategic": "yes", "patched": "yes"])
            #expect(patched["spec"]?["hostnames"] == ["reviews.bookinfo"])
            #expect(patched["spec"]?["rules"]?[0]?["backendRefs"]?[1]?["weight"] == 30)
            try await kubectl(
                "patch", "httproute", "reviews", "-n", "bookinfo", "--type", "json", "-p",
                #"[{"op":"replace","path":"/spec/rules/0/backendRefs/0/weight","value":0},{"op":"replace","path":"/spec/rules/0/backendRefs/1/weight","value":100}]"#)
            let shifted = try await SandboxHTTP(sandbox.server).get(
                "/apis/gateway.networking.k8s.io/v1beta1/namespaces/bookinfo/httproutes/reviews")
            #expect(shifted.body["apiVersion"] == "gateway.networking.k8s.io/v1beta1")
            #expect(shifted.body["spec"]?["rules"]?[0]?["backendRefs"]?[0]?["weight"] == 0)
            #expect(shifted.body["spec"]?["rules"]?[0]?["backendRefs"]?[1]?["weight"] == 100)

            try await kubectl(
                "apply", "--server-side", "--force-conflicts", "-f", try kubectl.file("route.yaml", Self.httpRouteYAML(weights: (20, 80))))
            let serverSide = try await sandbox.store.get(.httpRoute(), namespace: "bookinfo", name: "reviews")
            #expect(serverSide["spec"]?["rules"]?[0]?["backendRefs"]?[1]?["weight"] == 80)

            let output = try await kubectl("delete", "httproute", "reviews", "-n", "bookinfo")
            #expect(output.contains("deleted"))
            let gone = await #expect(throws: APIStatus.self) {
                try await sandbox.store.get(.httpRoute(), namespace: "bookinfo", name: "reviews")
            }
            #expect(gone?.code == 404)
        }
    }
}
