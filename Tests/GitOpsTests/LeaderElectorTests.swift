import Foundation
import GitOps
import Kubernetes
import Sandbox
import Synchronization
import Testing
import TestSupport

/// Leader election over a Lease on the Sandbox API server (HTTPS, mTLS, the production REST client), with an
/// injected clock: who takes the Lease, when a standby may, conflicts, release, and the service gate.
@Suite("Leader election over a Lease")
struct LeaderElectorTests {
    /// A clock the test moves.
    final class TestTime: Sendable {
        let date = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        func now() -> Date { date.withLock { $0 } }
        func advance(_ seconds: Double) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func elector(
        _ client: any KubernetesClient, _ identity: String, _ time: TestTime, name: String = "iter8", skew: Double = 0
    ) -> LeaderElector {
        LeaderElector(
            client: client,
            configuration: .init(namespace: "default", name: name, identity: identity, leaseDurationSeconds: 15, renewDeadlineSeconds: 10),
            now: { time.now().addingTimeInterval(skew) })
    }

    static func withSandbox(_ body: (any KubernetesClient, SandboxStore) async throws -> Void) async throws {
        let sandbox = try await TemporarySandbox.start()
        do {
            let client = RESTKubernetesClient(connection: try KubeConfig.load(file: sandbox.kubeconfigPath).connection())
            try await body(client, sandbox.store)
        } catch {
            await sandbox.stop()
            throw error
        }
        await sandbox.stop()
    }

    @Test("the first replica creates the Lease and leads; the second stands by until the Lease runs out")
    func takeover() async throws {
        try await Self.withSandbox { client, _ in
            let time = TestTime()
            let a = Self.elector(client, "a", time)
            let b = Self.elector(client, "b", time)
            #expect(await a.tryAcquireOrRenew())
            #expect(await !b.tryAcquireOrRenew())
            #expect(await b.observedHolder == "a")
            let lease = LeaseRecord(lease: try await client.get(.lease, namespace: "default", name: "iter8"))
            #expect(lease.holder == "a" && lease.durationSeconds == 15 && lease.transitions == 0)
            #expect(lease.renewTime == time.now())

            time.advance(8)
            #expect(await a.tryAcquireOrRenew())  // renewed: the clock restarts
            #expect(await !b.tryAcquireOrRenew())  // b sees the record change now
            time.advance(14)
            #expect(await !b.tryAcquireOrRenew())  // 14 s since b saw the renewal: still a's
            time.advance(2)  // a stopped renewing 16 s ago (crashed, partitioned)
            #expect(await !a.isLeader)  // past its renew deadline, a no longer counts itself leader
            #expect(await b.tryAcquireOrRenew())
            let taken = LeaseRecord(lease: try await client.get(.lease, namespace: "default", name: "iter8"))
            #expect(taken.holder == "b" && taken.transitions == 1 && taken.acquireTime == time.now())
            #expect(await !a.tryAcquireOrRenew())
            #expect(await a.observedHolder == "b")
        }
    }

    @Test("a released Lease is taken at the next try, without waiting for it to run out")
    func release() async throws {
        try await Self.withSandbox { client, _ in
            let time = TestTime()
            let a = Self.elector(client, "a", time)
            let b = Self.elector(client, "b", time)
            #expect(await a.tryAcquireOrRenew())
            await a.release()
            #expect(await !a.isLeader)
            let released = LeaseRecord(lease: try await client.get(.lease, namespace: "default", name: "iter8"))
            #expect(released.holder.isEmpty)
            #expect(await b.tryAcquireOrRenew())
        }
    }

    @Test("replicas racing for a free Lease: exactly one leads (the others get 409 Conflict)")
    func race() async throws {
        try await Self.withSandbox { client, _ in
            let time = TestTime()
            for round in 0..<3 {
                let electors = (0..<4).map { Self.elector(client, "r\(round)-\($0)", time, name: "race-\(round)") }
                let results = await withTaskGroup(of: Bool.self) { group in
                    for elector in electors { group.addTask { await elector.tryAcquireOrRenew() } }
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                #expect(results.filter { $0 }.count == 1, "round \(round): \(results)")
                let holder = LeaseRecord(lease: try await client.get(.lease, namespace: "default", name: "race-\(round)")).holder
                var leaders: [String] = []
                for elector in electors where await elector.isLeader { leaders.append(elector.configuration.identity) }
                #expect(leaders == [holder])
            }
        }
    }

    @Test("an unreachable API server keeps the leader until its renew deadline, then not")
    func unreachable() async throws {
        let time = TestTime()
        let sandbox = try await TemporarySandbox.start()
        let client = RESTKubernetesClient(connection: try KubeConfig.load(file: sandbox.kubeconfigPath).connection())
        // A name of its own: the stopped server's port may be reused by another test's Sandbox meanwhile.
        let a = Self.elector(client, "unreachable-a", time, name: "unreachable")
        #expect(await a.tryAcquireOrRenew())
        await sandbox.stop()
        time.advance(5)
        #expect(await a.tryAcquireOrRenew())  // the renewal failed, but the deadline has not passed
        time.advance(5)
        #expect(await !a.tryAcquireOrRenew())
    }

    @Test("fields iter8 does not own survive a renewal")
    func otherFieldsSurvive() async throws {
        try await Self.withSandbox { client, _ in
            let time = TestTime()
            _ = try await client.create(.lease, namespace: "default", object: [
                "metadata": ["name": "iter8", "labels": ["team": "platform"]],
                "spec": ["holderIdentity": "old", "renewTime": "2020-01-01T00:00:00.000000Z", "leaseDurationSeconds": 15,
                    "leaseTransitions": 4, "preferredHolder": "x"],
            ])
            let a = Self.elector(client, "a", time)
            #expect(await !a.tryAcquireOrRenew())  // a record seen for the first time counts from now, however old
            time.advance(15)
            #expect(await a.tryAcquireOrRenew())
            let lease = try await client.get(.lease, namespace: "default", name: "iter8")
            #expect(lease["metadata"]?["labels"]?["team"] == "platform")
            #expect(lease["spec"]?["preferredHolder"] == "x")
            #expect(lease["spec"]?["renewTime"]?.stringValue?.hasSuffix("Z") == true)
            #expect(lease["spec"]?["renewTime"]?.stringValue?.count == "2027-01-15T08:00:00.000000Z".count)  // MicroTime
            #expect(LeaseRecord(lease: lease).transitions == 5)
        }
    }

    @Test("the reconcile loop passes only while its replica leads; a standby reports the leader instead")
    func onlyTheLeaderReconciles() async throws {
        let harness = try await ReconcilerHarness.start(files: ["experiments/reviews-canary.yaml": ReconcilerHarness.experiment(name: "reviews-canary")])
        defer { Task { await harness.stop() } }
        let client = harness.playground.client
        let time = TestTime()
        let other = Self.elector(client, "other", time)
        let mine = LeaderElector(
            client: client, configuration: .init(namespace: "default", identity: "mine", retryPeriodSeconds: 0.05), now: { time.now() })
        #expect(await other.tryAcquireOrRenew())
        #expect(await !mine.tryAcquireOrRenew())
        let passes = Mutex(0)
        let standbys = Mutex<[String?]>([])
        let service = ReconcilerService(
            reconciler: harness.playground.reconciler, clock: SystemClock(), pollIntervalSeconds: 0.05, leadership: mine,
            observer: { _ in passes.withLock { $0 += 1 } }, standby: { holder in standbys.withLock { $0.append(holder) } })
        let loop = Task { try await service.run() }
        defer { loop.cancel() }
        try await Wait.until("the loop to stand by three times") { standbys.withLock { $0.count } >= 3 }
        #expect(passes.withLock { $0 } == 0)
        #expect(standbys.withLock { $0.allSatisfy { $0 == "other" } })
        #expect(try await harness.originLog().count == 1)  // the seed only: a standby commits nothing

        await other.release()
        #expect(await mine.tryAcquireOrRenew())
        try await Wait.until("the new leader's first pass") { passes.withLock { $0 } >= 1 }
        try await Wait.until("its status commit") { try await harness.originLog().count > 1 }
    }
}
