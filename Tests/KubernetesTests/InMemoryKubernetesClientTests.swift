import Kubernetes
import TestSupport
import Testing

@Suite("In-memory Kubernetes client")
struct InMemoryKubernetesClientTests {
    @Test("passes the client contract")
    func contract() async throws {
        let client = InMemoryKubernetesClient()
        let transcript = try await KubernetesClientContract.run(client, namespace: "contract")
        #expect(transcript == KubernetesClientContract.expected)
    }

    @Test("an update whose managedFields are absent or empty keeps the stored ones, as kube-apiserver does")
    func managedFieldsSurviveAnUpdateThatOmitsThem() async throws {
        let client = InMemoryKubernetesClient()
        let managed: JSONValue = [["manager": "kubectl-client-side-apply", "operation": "Update"]]
        try await client.seed(.configMap, ["metadata": ["name": "c", "namespace": "a", "managedFields": managed], "data": ["k": "1"]])
        var object = try await client.get(.configMap, namespace: "a", name: "c")
        object["metadata"]?["managedFields"] = nil
        object["data"]?["k"] = "2"
        let stored = try await client.update(.configMap, namespace: "a", object: object)
        #expect(stored["metadata"]?["managedFields"] == managed)
        object["metadata"]?["managedFields"] = []
        object["metadata"]?["resourceVersion"] = nil
        _ = try await client.update(.configMap, namespace: "a", object: object)
        let after = await client.object(.configMap, namespace: "a", name: "c")
        #expect(after?["metadata"]?["managedFields"] == managed)
        #expect(after?["data"]?["k"] == "2")
    }

    @Test("an injected failure is thrown by the next matching call, once")
    func failureInjection() async throws {
        let client = InMemoryKubernetesClient()
        try await client.seed(.service, ["metadata": ["name": "web", "namespace": "shop"]])
        let outage = KubeError(code: .unavailable, httpStatus: 503, reason: "ServiceUnavailable", message: "etcd is down")
        await client.failNext(outage, on: .patch)
        _ = try await client.get(.service, namespace: "shop", name: "web")  // not a patch: unaffected
        await #expect(throws: outage) { try await client.patch(.service, namespace: "shop", name: "web", patch: .merge([:])) }
        _ = try await client.patch(.service, namespace: "shop", name: "web", patch: .merge(["spec": ["type": "ClusterIP"]]))
        await client.failNext(outage)
        await #expect(throws: outage) { try await client.list(.service, namespace: nil, labelSelector: nil) }
    }

    @Test("calls are recorded in order; writes can be compared with an expected list")
    func recordedActions() async throws {
        let client = InMemoryKubernetesClient()
        let vs = ResourceType.virtualService("v1")
        _ = try await client.create(vs, namespace: "bookinfo", object: KubernetesClientContract.virtualServiceObject("reviews", app: "reviews"))
        _ = try await client.get(vs, namespace: "bookinfo", name: "reviews")
        let weights = KubePatch.json([.replace("/spec/http/0/route/0/weight", 50)])
        _ = try await client.patch(vs, namespace: "bookinfo", name: "reviews", patch: weights)
        try await client.delete(vs, namespace: "bookinfo", name: "reviews")
        let writes = await client.writes
        #expect(writes.map(\.description) == [
            "create virtualservices.networking.istio.io bookinfo/reviews",
            "patch virtualservices.networking.istio.io bookinfo/reviews",
            "delete virtualservices.networking.istio.io bookinfo/reviews",
        ])
        #expect(writes[1].patch == weights)
        #expect(await client.actions.count == 4)
        await client.clearActions()
        #expect(await client.actions.isEmpty)
    }

    @Test("a spec change bumps metadata.generation; a label change does not")
    func generation() async throws {
        let client = InMemoryKubernetesClient()
        let created = try await client.create(.deployment, namespace: "a", object: ["metadata": ["name": "web"], "spec": ["replicas": 1]])
        #expect(created["metadata"]?["generation"] == 1)
        let relabelled = try await client.patch(.deployment, namespace: "a", name: "web", patch: .merge(["metadata": ["labels": ["x": "y"]]]))
        #expect(relabelled["metadata"]?["generation"] == 1)
        let scaled = try await client.patch(.deployment, namespace: "a", name: "web", patch: .merge(["spec": ["replicas": 3]]))
        #expect(scaled["metadata"]?["generation"] == 2)
    }

    @Test("modify gives up after the given number of conflicts")
    func modifyGivesUp() async throws {
        let client = InMemoryKubernetesClient()
        try await client.seed(.configMap, ["metadata": ["name": "c", "namespace": "a"], "data": ["k": "1"]])
        for _ in 0..<3 { await client.failNext(.staleResourceVersion(.configMap, name: "c"), on: .update) }
        await #expect(throws: KubeError.staleResourceVersion(.configMap, name: "c")) {
            try await client.modify(.configMap, namespace: "a", name: "c", attempts: 3) { $0["data"]?["k"] = "2" }
        }
        await client.clearActions()
        let result = try await client.modify(.configMap, namespace: "a", name: "c", attempts: 3) { $0["data"]?["k"] = "2" }
        #expect(result["data"]?["k"] == "2")
        #expect(await client.writes.count == 1)
    }
}
