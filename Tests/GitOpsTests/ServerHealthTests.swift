import Foundation
import GitOps
import Testing

@Suite("Control server: readiness and liveness")
struct ServerHealthTests {
    @Test func readinessFlipsAfterTheFirstSuccessfulPoll() async throws {
        try await ServerHarness.with { (harness) async throws in
            let before = try await harness.get("/readyz")
            #expect(before.status == 503)
            #expect(before.text.contains("waiting for the first successful poll"))
            #expect(await harness.health.lastSuccessfulPoll == nil)

            await harness.health.markPollSucceeded(at: harness.time.now)
            let after = try await harness.get("/readyz")
            #expect(after.status == 200)
            #expect(await harness.health.isReady)
            #expect(await harness.health.lastSuccessfulPoll == harness.time.now)
        }
    }

    @Test func aStandbyIsReadyAndAliveAndSaysWhoLeads() async throws {
        try await ServerHarness.with(staleness: .seconds(60)) { (harness) async throws in
            harness.time.advance(seconds: 61)
            await harness.health.markStandby(holder: "iter8-7d9f_a1b2", at: harness.time.now)
            let ready = try await harness.get("/readyz")
            #expect(ready.status == 200)
            #expect(ready.text.contains("standing by (iter8-7d9f_a1b2 leads)"))
            #expect(try await harness.get("/healthz").status == 200)  // a standby's loop is alive
            await harness.health.markLeading()  // it took over, and has not polled yet
            #expect(await harness.health.standby == nil)
            #expect(try await harness.get("/readyz").status == 503)
            await harness.health.markPollSucceeded(at: harness.time.now)
            #expect(try await harness.get("/readyz").text == "ready\n")
        }
    }

    @Test func healthyWhileTheLoopReportsWithinTheStaleness() async throws {
        try await ServerHarness.with(staleness: .seconds(60)) { (harness) async throws in
            let fresh = try await harness.get("/healthz")
            #expect(fresh.status == 200)
            #expect(fresh.text == "ok\n")

            harness.time.advance(seconds: 61)
            let stuck = try await harness.get("/healthz")
            #expect(stuck.status == 503)
            #expect(stuck.text.contains("has not reported since"))

            await harness.health.markLoopAlive(at: harness.time.now)
            #expect(try await harness.get("/healthz").status == 200)
        }
    }

    @Test func theStalenessDefaultsToTenPollIntervals() async {
        let time = ServerTestClock()
        let health = ServiceHealth(pollInterval: .seconds(30), now: { time.now })
        #expect(health.staleness == .seconds(300))
        time.advance(seconds: 299)
        #expect(await health.liveness == .alive)
        time.advance(seconds: 2)
        guard case .stuck = await health.liveness else {
            Issue.record("expected stuck after 301 s without an alive mark")
            return
        }
        await health.markPollSucceeded(at: time.now)  // a successful poll counts as alive
        #expect(await health.liveness == .alive)
    }

    @Test func anOlderMarkDoesNotMoveTimesBackwards() async {
        let time = ServerTestClock()
        let health = ServiceHealth(pollInterval: .seconds(1), now: { time.now })
        let now = time.now
        await health.markPollSucceeded(at: now)
        await health.markPollSucceeded(at: now.addingTimeInterval(-100))
        #expect(await health.lastSuccessfulPoll == now)
        #expect(await health.lastAlive == now)
    }

    @Test func unknownPathsAre404() async throws {
        try await ServerHarness.with { (harness) async throws in
            #expect(try await harness.get("/nope").status == 404)
            #expect(try await harness.get("/").status == 404)
        }
    }
}
