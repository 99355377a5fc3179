import Foundation
import GitOps
import Istio
import Kubernetes
import Synchronization
import Testing
import TestSupport

/// The reconciler's read cache: one LIST per type and namespace answers every read until it is older than its
/// age; the service's own writes are seen at once, a refused write drops the listing, others' changes show after
/// the age.
@Suite struct CachedReadsTests {
    /// What the reconciler caches with the Istio plug-in.
    static let types = CachedReads.reconcilerTypes(routed: IstioRouting().readResources)

    /// A clock the test moves.
    final class TestClock: Sendable {
        let start = ContinuousClock.now
        let offset = Mutex<Duration>(.zero)
        var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
        func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
    }

    static func deployment(_ name: String, namespace: String = "shop", replicas: Int = 1) -> JSONValue {
        ["apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": ["name": .string(name), "namespace": .string(namespace)],
         "spec": ["replicas": .integer(Int64(replicas))]]
    }

    func seeded(_ count: Int) async throws -> InMemoryKubernetesClient {
        let client = InMemoryKubernetesClient()
        for index in 0..<count { _ = try await client.seed(.deployment, Self.deployment("app-\(index)")) }
        await client.clearActions()
        return client
    }

    @Test func oneListAnswersEveryGetOfTheNamespace() async throws {
        let client = try await seeded(50)
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        for index in 0..<50 {
            let object = try await cache.get(.deployment, namespace: "shop", name: "app-\(index)")
            #expect(object["metadata"]?["name"]?.stringValue == "app-\(index)")
        }
        _ = try await cache.list(.deployment, namespace: "shop", labelSelector: nil)
        let lists = await client.actions.filter { $0.verb == .list }.count
        let gets = await client.actions.filter { $0.verb == .get }.count
        #expect(lists == 1)
        #expect(gets == 0)
        await #expect(throws: KubeError.self) { try await cache.get(.deployment, namespace: "shop", name: "absent") }
        do {
            _ = try await cache.get(.deployment, namespace: "shop", name: "absent")
        } catch let error as KubeError {
            #expect(error.code == .notFound)
        }
    }

    @Test func concurrentReadersShareOneList() async throws {
        let client = try await seeded(20)
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask { _ = try await cache.get(.deployment, namespace: "shop", name: "app-\(index)") }
            }
            try await group.waitForAll()
        }
        #expect(await client.actions.filter { $0.verb == .list }.count == 1)
    }

    @Test func ownWritesAreSeenAtOnceAndOthersAfterTheAge() async throws {
        let client = try await seeded(3)
        let clock = TestClock()
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(10), now: { clock.now })
        _ = try await cache.get(.deployment, namespace: "shop", name: "app-0")
        // Through the cache: seen at once, no new LIST.
        _ = try await cache.patch(
            .deployment, namespace: "shop", name: "app-0", patch: .merge(["spec": ["replicas": 3]]))
        #expect(try await cache.get(.deployment, namespace: "shop", name: "app-0")["spec"]?["replicas"] == 3)
        // Behind its back: the cached copy until the age passes.
        _ = try await client.patch(.deployment, namespace: "shop", name: "app-1", patch: .merge(["spec": ["replicas": 5]]))
        #expect(try await cache.get(.deployment, namespace: "shop", name: "app-1")["spec"]?["replicas"] == 1)
        clock.advance(.seconds(11))
        #expect(try await cache.get(.deployment, namespace: "shop", name: "app-1")["spec"]?["replicas"] == 5)
        #expect(await cache.listCount == 2)
        // Created and deleted through the cache: in and out of the listing.
        _ = try await cache.create(.deployment, namespace: "shop", object: Self.deployment("app-new"))
        #expect(try await cache.list(.deployment, namespace: "shop", labelSelector: nil).count == 4)
        try await cache.delete(.deployment, namespace: "shop", name: "app-2")
        let names = try await cache.list(.deployment, namespace: "shop", labelSelector: nil).compactMap { $0["metadata"]?["name"]?.stringValue }
        #expect(names == ["app-0", "app-1", "app-new"])
        #expect(await cache.listCount == 2)
    }

    @Test func listsBetweenWritesShareOneArrayAndAWriteShowsInPlace() async throws {
        let client = try await seeded(4)
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        func names(_ objects: [JSONValue]) -> [String] { objects.compactMap { $0["metadata"]?["name"]?.stringValue } }
        func identity(_ objects: [JSONValue]) -> UnsafeRawPointer? { objects.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        let first = try await cache.list(.deployment, namespace: "shop", labelSelector: nil)
        let again = try await cache.list(.deployment, namespace: "shop", labelSelector: nil)
        #expect(identity(first) == identity(again), "one array for every reader until a change")
        // Writes between lists: each is seen in the server's order, in place.
        for replicas in 2...4 {
            _ = try await cache.patch(
                .deployment, namespace: "shop", name: "app-2", patch: .merge(["spec": ["replicas": .integer(Int64(replicas))]]))
        }
        let written = try await cache.list(.deployment, namespace: "shop", labelSelector: nil)
        #expect(names(written) == ["app-0", "app-1", "app-2", "app-3"])
        #expect(written[2]["spec"]?["replicas"] == 4)
        #expect(identity(written) != identity(first))
        #expect(identity(try await cache.list(.deployment, namespace: "shop", labelSelector: nil)) == identity(written))
        // A get after a write without a list in between sees the write too.
        _ = try await cache.patch(.deployment, namespace: "shop", name: "app-0", patch: .merge(["spec": ["replicas": 9]]))
        #expect(try await cache.get(.deployment, namespace: "shop", name: "app-0")["spec"]?["replicas"] == 9)
        #expect(try await cache.list(.deployment, namespace: "shop", labelSelector: nil)[0]["spec"]?["replicas"] == 9)
        #expect(await cache.listCount == 1)
    }

    @Test func aRefusedWriteDropsTheListing() async throws {
        let client = try await seeded(2)
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        _ = try await cache.get(.deployment, namespace: "shop", name: "app-0")
        _ = try await client.patch(.deployment, namespace: "shop", name: "app-0", patch: .merge(["spec": ["replicas": 7]]))
        await client.failNext(.staleResourceVersion(.deployment, name: "app-0"), on: .patch)
        await #expect(throws: KubeError.self) {
            _ = try await cache.patch(.deployment, namespace: "shop", name: "app-0", patch: .merge(["spec": ["replicas": 2]]))
        }
        // The retry reads afresh.
        #expect(try await cache.get(.deployment, namespace: "shop", name: "app-0")["spec"]?["replicas"] == 7)
        #expect(await cache.listCount == 2)
    }

    @Test func selectorsOtherTypesAndFailedListsPassThrough() async throws {
        let client = try await seeded(2)
        let cache = CachedReads(client, types: Self.types, maxAge: .seconds(60))
        _ = try await cache.list(.deployment, namespace: "shop", labelSelector: "app=x")
        _ = try await cache.list(.deployment, namespace: "shop", labelSelector: "app=x")
        #expect(await cache.listCount == 0)
        await client.failNext(KubeError(code: .unavailable, message: "down"), on: .list)
        await #expect(throws: KubeError.self) { _ = try await cache.get(.deployment, namespace: "shop", name: "app-0") }
        // Not cached: the next read lists again.
        #expect(try await cache.get(.deployment, namespace: "shop", name: "app-0")["metadata"]?["name"] == "app-0")
    }
}
