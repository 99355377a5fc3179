import Foundation
import GitOps
import Kubernetes
import Testing
import TestSupport

/// Clock skew between replicas: a Lease runs out by the time this replica *observed* its record change (as
/// client-go does), never by comparing the holder's `renewTime` with the local clock. Over the Sandbox API server.
@Suite("Leader election under clock skew")
struct LeaderElectorSkewTests {
    static let year = 365 * 24 * 3600.0

    @Test("a holder whose clock is a year off keeps the Lease while it renews", arguments: [-year, year])
    func skewedHolderKeepsRenewing(skew: Double) async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = LeaderElectorTests.TestTime()
            let holder = LeaderElectorTests.elector(client, "skewed-holder", time, name: "skew", skew: skew)
            let standby = LeaderElectorTests.elector(client, "skew-standby", time, name: "skew")
            #expect(await holder.tryAcquireOrRenew())
            for second in stride(from: 2, through: 60, by: 2) {
                time.advance(2)
                #expect(await holder.tryAcquireOrRenew(), "at \(second) s")
                #expect(await !standby.tryAcquireOrRenew(), "at \(second) s")
            }
            let lease = try await client.get(.lease, namespace: "default", name: "skew")
            #expect(LeaseRecord(lease: lease).holder == "skewed-holder")
        }
    }

    @Test("a holder whose clock is a year off is taken over once it stops renewing", arguments: [-year, year])
    func skewedHolderStops(skew: Double) async throws {
        try await LeaderElectorTests.withSandbox { client, _ in
            let time = LeaderElectorTests.TestTime()
            let holder = LeaderElectorTests.elector(client, "skewed-holder", time, name: "skew", skew: skew)
            let standby = LeaderElectorTests.elector(client, "skew-standby", time, name: "skew")
            #expect(await holder.tryAcquireOrRenew())
            #expect(await !standby.tryAcquireOrRenew())  // observed now
            time.advance(14)
            #expect(await !standby.tryAcquireOrRenew())  // unchanged for 14 s of b's clock
            time.advance(1)
            #expect(await standby.tryAcquireOrRenew())  // unchanged for the Lease's 15 s
            #expect(await !holder.tryAcquireOrRenew())
            #expect(await holder.observedHolder == "skew-standby")
        }
    }
}
