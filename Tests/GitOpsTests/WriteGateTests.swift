import Foundation
import GitOps
import Istio
import Kubernetes
import Testing
import TestSupport

/// Every Kubernetes write passes one gate: kinds and namespaces by rule, the leader fence for traffic writes.
@Suite("Write gate")
struct WriteGateTests {
    struct Deny: WriteFence {
        func permits(_ duration: Duration) async -> Bool { false }
    }

    static func cluster() async throws -> InMemoryKubernetesClient {
        let client = InMemoryKubernetesClient()
        for namespace in ["shop", "bookinfo"] {
            _ = try await client.seed(
                .virtualService("v1"),
                .object(["apiVersion": .string("networking.istio.io/v1"), "kind": .string("VirtualService"),
                    "metadata": .object(["name": .string("reviews"), "namespace": .string(namespace)]), "spec": .object([:])]))
        }
        return client
    }

    static let patch = KubePatch.merge(.object(["metadata": .object(["labels": .object(["x": .string("y")])])]))

    @Test func allowedWritesPassAndOthersAreRefusedBeforeAnyRequest() async throws {
        let client = try await Self.cluster()
        let gate = WriteGate.reconciler(client, routed: IstioRouting().writtenResources, allowedNamespaces: ["shop"])
        _ = try await gate.patch(.virtualService("v1"), namespace: "shop", name: "reviews", patch: Self.patch)
        await #expect(throws: WriteRefusedError.self) {
            _ = try await gate.patch(.virtualService("v1"), namespace: "bookinfo", name: "reviews", patch: Self.patch)
        }
        await #expect(throws: WriteRefusedError.self) {
            try await gate.delete(.virtualService("v1beta1"), namespace: "bookinfo", name: "reviews")
        }
        await #expect(throws: WriteRefusedError.self) {
            _ = try await gate.patch(.deployment, namespace: "shop", name: "reviews-v1", patch: Self.patch)
        }
        await #expect(throws: WriteRefusedError.self) {
            _ = try await gate.patch(.virtualService("v1"), namespace: nil, name: "reviews", patch: Self.patch)
        }
        let untouched = try await client.get(.virtualService("v1"), namespace: "bookinfo", name: "reviews")
        #expect(untouched["metadata"]?["labels"] == nil)
        // Reads are not gated.
        _ = try await gate.get(.virtualService("v1"), namespace: "bookinfo", name: "reviews")
    }

    @Test func theFenceStopsTrafficWritesButNotTheLease() async throws {
        let client = try await Self.cluster()
        let gate = WriteGate(client, rules: IstioRouting().writtenResources.map { .routed($0, in: nil) } + [.leases(in: "iter8")], fence: Deny())
        do {
            _ = try await gate.patch(.virtualService("v1"), namespace: "shop", name: "reviews", patch: Self.patch)
            Issue.record("a deposed leader patched a VirtualService")
        } catch let error as WriteRefusedError {
            #expect(error.reason == .notLeading)
        }
        let lease = JSONValue.object([
            "apiVersion": .string("coordination.k8s.io/v1"), "kind": .string("Lease"),
            "metadata": .object(["name": .string("iter8"), "namespace": .string("iter8")]), "spec": .object([:]),
        ])
        _ = try await gate.create(.lease, namespace: "iter8", object: lease)
        await #expect(throws: WriteRefusedError.self) { _ = try await gate.create(.lease, namespace: "shop", object: lease) }
    }
}
