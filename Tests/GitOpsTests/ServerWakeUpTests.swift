import Foundation
import GitOps
import TestSupport
import Testing

/// Webhooks wake the loop once per delivery and at most once per interval: a replayed delivery (same delivery
/// id, or the same signed body under a new id) does not wake it again; wake-ups within the interval are merged
/// into one at its end and counted.
@Suite("Control server: webhook replays and wake-up rate")
struct ServerWakeUpTests {
    @Test("a replayed delivery does not wake a second pass")
    func replay() async throws {
        let limits = ControlServerLimits(minimumWakeInterval: .milliseconds(200))
        try await ServerHarness.with(limits: limits) { harness in
            let body = ServerHarness.push()
            #expect(try await harness.github(body: body, delivery: "delivery-1").status == 202)
            #expect(await harness.trigger.wait(timeout: .seconds(10)) != nil)

            let sameID = try await harness.github(body: body, delivery: "delivery-1")
            let newID = try await harness.github(body: body, delivery: "delivery-2")  // GitHub does not sign the id
            let sameIDOtherBody = try await harness.github(
                body: ServerHarness.push(after: "1111111111111111111111111111111111111111"), delivery: "delivery-1")
            for response in [sameID, newID, sameIDOtherBody] {
                #expect(response.status == 202)
                #expect(response.text.contains("duplicate"), "\(response.text)")
            }
            let gitlab = try await harness.gitlab(body: body, token: ServerHarness.secret)  // the same push, via GitLab
            #expect(gitlab.text.contains("duplicate"))
            #expect(harness.sample(#"iter8_webhook_requests_total{result="duplicate"}"#) == 4)
            #expect(harness.sample(#"iter8_webhook_requests_total{result="accepted"}"#) == 1)
            #expect(harness.sample("iter8_webhook_wakeups_coalesced_total") == 0)
            #expect(await harness.trigger.wait(timeout: .seconds(2)) == nil)  // 10 × the interval: nothing deferred either
        }
    }

    @Test("wake-ups within the interval are merged into one at its end, and counted")
    func rateLimit() async throws {
        // An interval long enough that the three posts land inside it even on a loaded 2-core runner.
        let limits = ControlServerLimits(minimumWakeInterval: .seconds(8))
        try await ServerHarness.with(limits: limits) { harness in
            let clock = ContinuousClock()
            let start = clock.now
            let afters = ["a", "b", "c"].map { String(repeating: $0, count: 40) }
            for after in afters {
                let response = try await harness.github(body: ServerHarness.push(after: after))
                #expect(response.status == 202)
            }
            #expect(await harness.trigger.wait(timeout: .seconds(10)) == "github push to main (aaaaaaaaaaaa)")
            #expect(harness.sample("iter8_webhook_wakeups_coalesced_total") == 2)
            #expect(harness.sample(#"iter8_webhook_requests_total{result="accepted"}"#) == 3)
            let merged = await harness.trigger.wait(timeout: .seconds(30))
            #expect(merged == "github push to main (bbbbbbbbbbbb)")
            #expect(clock.now - start >= .milliseconds(7900), "woken again after \(clock.now - start)")
            #expect(await harness.trigger.wait(timeout: .seconds(3)) == nil)  // the third was merged, not queued
        }
    }
}
