import Foundation
import GitOps
import Kubernetes
import Testing
import TestSupport

/// The write fence: a leader may start a write only while more of its lease remains than the write can take.
@Suite("Leader write fence")
struct LeaderFenceTests {
    @Test("a leader whose lease has little left is refused; after a renewal it is permitted")
    func littleLeft() async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = LeaderElectorTests.TestTime()
            let a = LeaderElectorTests.elector(client, "fenced", time, name: "fence")  // 15 s lease, 10 s renew deadline
            #expect(await !a.permits(.milliseconds(1)))  // not yet leader
            #expect(await a.tryAcquireOrRenew())
            #expect(a.mayWrite(taking: .seconds(14), now: time.now()))
            #expect(await a.permits(.seconds(5)))
            time.advance(9)  // still leader, 6 s of lease left
            #expect(await a.isLeader)
            #expect(a.mayWrite(taking: .seconds(5), now: time.now()))
            #expect(!a.mayWrite(taking: .seconds(7), now: time.now()))
            #expect(await !a.permits(.seconds(7)))
            #expect(await a.tryAcquireOrRenew())
            #expect(await a.permits(.seconds(7)))
            time.advance(10)  // past the renew deadline without a renewal: no write at all
            #expect(!a.mayWrite(taking: .zero, now: time.now()))
        }
    }

    @Test("a standby and a released leader are refused; without leader election every write is permitted")
    func standbyAndRelease() async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = LeaderElectorTests.TestTime()
            let a = LeaderElectorTests.elector(client, "fenced", time, name: "fence")
            let b = LeaderElectorTests.elector(client, "fence-standby", time, name: "fence")
            #expect(await a.tryAcquireOrRenew())
            #expect(await !b.tryAcquireOrRenew())
            #expect(await !b.permits(.zero))
            await a.release()
            #expect(await !a.permits(.zero))
            let fence: any WriteFence = AlwaysPermit()
            #expect(await fence.permits(.seconds(3600)))
        }
    }

    @Test("the default clock follows the wall clock and never goes back")
    func defaultClock() {
        let clock = LeaseClock.monotonic()
        let first = clock()
        #expect(abs(first.timeIntervalSinceNow) < 1)
        var last = first
        for _ in 0..<1000 {
            let next = clock()
            #expect(next >= last)
            last = next
        }
    }
}
