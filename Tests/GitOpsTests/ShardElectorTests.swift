import Foundation
import GitOps
import Kubernetes
import Sandbox
import Synchronization
import Testing
import TestSupport

/// Shard election over Leases on the Sandbox API server (HTTPS, the production REST client), with an injected
/// clock: replicas split the shards, a joining replica gets its share, a dead one's shards move after the
/// Lease duration, and the fence refuses writes for shards no longer held.
@Suite("Shard election over Leases")
struct ShardElectorTests {
    typealias TestTime = LeaderElectorTests.TestTime

    static func elector(_ client: any KubernetesClient, _ identity: String, _ time: TestTime, shards: Int = 6) -> ShardElector {
        ShardElector(
            client: client,
            configuration: .init(
                namespace: "default", identity: identity, shards: shards, leaseDurationSeconds: 15, renewDeadlineSeconds: 10,
                retryPeriodSeconds: 2, drainSeconds: 6),
            now: { time.now() })
    }

    /// The holder of each shard Lease.
    static func holders(_ client: any KubernetesClient, shards: Int = 6) async throws -> [String] {
        var holders: [String] = []
        for index in 0..<shards {
            holders.append(LeaseRecord(lease: try await client.get(.lease, namespace: "default", name: "iter8-shard-\(index)")).holder)
        }
        return holders
    }

    /// Tries each elector in turn, `rounds` times, advancing the clock by `step` seconds after each round.
    static func rounds(_ electors: [ShardElector], _ time: TestTime, _ rounds: Int, step: Double = 2) async {
        for _ in 0..<rounds {
            for elector in electors { await elector.tryBalance() }
            time.advance(step)
        }
    }

    @Test("the map is FNV-1a 64 of the target modulo the count, the same in every process")
    func stableMap() {
        #expect(ShardMap.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(ShardMap.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(ShardMap.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
        let map = ShardMap(count: 7)
        #expect(map.shard(target: "bookinfo/reviews", key: "x") == Int(ShardMap.fnv1a64("bookinfo/reviews") % 7))
        #expect(map.shard(target: "", key: "bookinfo/canary") == map.shard(of: "bookinfo/canary"))
        #expect(map.shard(target: nil, key: "bookinfo/canary") == map.shard(of: "bookinfo/canary"))
        #expect(ShardMap(count: 0).count == 1)
    }

    @Test("shares add up to the shard count whoever computes them, and a plan drains extras before taking")
    func balance() {
        for shards in 1...12 {
            for replicas in 1...5 {
                let live = Set((0..<replicas).map { "r\($0)" })
                let shares = live.map { ShardBalance.quota(shards: shards, live: live, identity: $0) }
                #expect(shares.reduce(0, +) == shards)
                #expect((shares.max() ?? 0) - (shares.min() ?? 0) <= 1)
            }
        }
        let over = ShardBalance.plan(held: [0, 1, 2, 3], draining: [], free: [4, 5], quota: 2, identity: "a")
        #expect(over.drain == [2, 3] && over.take.isEmpty)
        let back = ShardBalance.plan(held: [0, 1, 2], draining: [2], free: [4, 5], quota: 3, identity: "a")
        #expect(back.keep == [2] && back.take.isEmpty && back.drain.isEmpty)
        let under = ShardBalance.plan(held: [0], draining: [], free: [3, 4, 5], quota: 3, identity: "a")
        #expect(under.take.count == 2 && Set(under.take).isSubset(of: [3, 4, 5]))
    }

    @Test("three replicas split six shards two each; a joining replica gets its share from the others")
    func split() async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = TestTime()
            let a = Self.elector(client, "a", time)
            #expect(await a.tryBalance().isEmpty)  // the first try announces a in the members Lease
            #expect(await a.tryBalance() == Set(0..<6))  // alone: everything
            let b = Self.elector(client, "b", time)
            let c = Self.elector(client, "c", time)
            #expect(await b.tryBalance().isEmpty)  // b is a member now
            #expect(await c.tryBalance().isEmpty)
            #expect(await b.tryBalance().isEmpty)  // nothing free yet

            await a.tryBalance()
            #expect(a.heldShards.count == 2)  // four draining: no new work on them
            let drained = try await Self.holders(client)
            #expect(drained.allSatisfy { $0 == "a" })  // still a's until drained
            await Self.rounds([a, b, c], time, 6)
            let holders = try await Self.holders(client)
            #expect(Set(holders) == ["a", "b", "c"], "\(holders)")
            for identity in ["a", "b", "c"] { #expect(holders.filter { $0 == identity }.count == 2, "\(holders)") }
            #expect(a.heldShards.count == 2 && b.heldShards.count == 2 && c.heldShards.count == 2)
            #expect(a.heldShards.isDisjoint(with: b.heldShards))
            #expect(await a.liveReplicas == ["a", "b", "c"])
        }
    }

    @Test("replicas started together see each other first and split the shards at once, without draining")
    func startedTogether() async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = TestTime()
            let electors = ["a", "b", "c"].map { Self.elector(client, $0, time) }
            await Self.rounds(electors, time, 1, step: 0.5)  // each announces itself
            await Self.rounds(electors, time, 1, step: 0.5)
            for elector in electors { #expect(elector.heldShards.count == 2) }
            let holders = try await Self.holders(client)
            #expect(holders.sorted() == ["a", "a", "b", "b", "c", "c"])
            let transitions = try await client.list(.lease, namespace: "default", labelSelector: "iter8.tools/shards=iter8")
                .map { LeaseRecord(lease: $0).transitions }
            #expect(transitions.allSatisfy { $0 == 0 }, "\(transitions)")
        }
    }

    @Test("a dead replica's shards move after the Lease duration, not before; the fence stops it in time")
    func takeover() async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = TestTime()
            let a = Self.elector(client, "a", time)
            let b = Self.elector(client, "b", time)
            await Self.rounds([a, b], time, 8)
            let mine = a.heldShards
            #expect(mine.count == 3)
            await a.touching(mine)
            #expect(await a.permits(.seconds(5)))
            // a stops renewing (crashed, partitioned); b goes on. The rounds ended 2 s after a's last renewal.
            time.advance(6)
            #expect(await a.permits(.seconds(5)))  // 8 s since: 7 s of its 15 s left
            #expect(await !a.permits(.seconds(8)))
            await b.tryBalance()
            #expect(b.heldShards.count == 3)  // b saw a's Leases change 8 s ago only
            time.advance(5)
            #expect(a.heldShards.isEmpty)  // 13 s: past its renew deadline, a works on nothing
            #expect(await !a.permits(.milliseconds(1)))
            await b.tryBalance()
            #expect(b.heldShards.count == 3)
            time.advance(4)
            await b.tryBalance()  // 17 s since b saw a's last renewal: a is no longer live, its shards are free
            #expect(b.heldShards == Set(0..<6))
            let taken = try await Self.holders(client)
            #expect(taken.allSatisfy { $0 == "b" })
            #expect(await a.tryBalance().isEmpty)  // a, back, finds b holding all; it is live again and gets its share
            await Self.rounds([a, b], time, 6)
            #expect(a.heldShards.count == 3 && b.heldShards.count == 3)
        }
    }

    @Test("shutdown releases every shard and leaves the members Lease: the others take over at their next try")
    func release() async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = TestTime()
            let a = Self.elector(client, "a", time, shards: 4)
            let b = Self.elector(client, "b", time, shards: 4)
            await Self.rounds([a, b], time, 8)
            #expect(a.heldShards.count == 2 && b.heldShards.count == 2)
            await a.releaseAll()
            #expect(a.heldShards.isEmpty)
            let members = try await client.get(.lease, namespace: "default", name: "iter8-members")
            #expect(members["metadata"]?["annotations"]?.objectValue?.count == 1)
            await b.tryBalance()
            #expect(b.heldShards == Set(0..<4))
        }
    }

    @Test("the fence refuses once a touched shard drains; untouched shards do not matter")
    func fenceFollowsTouchedShards() async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = TestTime()
            let a = Self.elector(client, "a", time, shards: 2)
            await a.tryBalance()
            await a.tryBalance()
            await a.touching([0])
            #expect(await a.permits(.seconds(5)))
            await Self.elector(client, "b", time, shards: 2).tryBalance()  // b announces itself: a drains shard 1
            await a.tryBalance()
            #expect(a.heldShards == [0])
            #expect(await a.permits(.seconds(5)))  // the pass touches shard 0 only
            await a.touching([0, 1])
            #expect(await !a.permits(.seconds(5)))
            let grant = await a.grant()
            #expect(grant.held == [0])
        }
    }
}
