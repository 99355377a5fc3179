import Foundation
import GitOps
import TestSupport
import Testing

@Suite("Control server: the poll trigger wakes the loop early")
struct ServerTriggerTests {
    let clock = ContinuousClock()

    @Test func aFireBeforeTheWaitIsReturnedAtOnce() async {
        let trigger = PollTrigger()
        trigger.fire(reason: "webhook")
        #expect(trigger.isPending)
        let start = clock.now
        let reason = await trigger.wait(timeout: .seconds(120))
        #expect(reason == "webhook")
        #expect(clock.now - start < .seconds(60))  // at once, not the 120 s timeout (loose bound: 2 shared cores)
        #expect(!trigger.isPending)
    }

    @Test func aFireWakesAWaitingTaskWithinABound() async throws {
        let trigger = PollTrigger()
        let start = clock.now
        let waiter = Task { await trigger.wait(timeout: .seconds(60)) }
        try await Wait.until("the waiter to wait", timeout: .seconds(60)) { trigger.waitingCount == 1 }
        trigger.fire(reason: "push to main")
        let reason = await waiter.value
        #expect(reason == "push to main")
        #expect(clock.now - start < .seconds(60))  // generous: the suite shares 2 cores with process-heavy tests
        #expect(trigger.waitingCount == 0)
        #expect(!trigger.isPending)  // the waiter consumed it
    }

    @Test func oneFireWakesEveryWaiter() async throws {
        let trigger = PollTrigger()
        let first = Task { await trigger.wait(timeout: .seconds(60)) }
        let second = Task { await trigger.wait(timeout: .seconds(60)) }
        try await Wait.until("two waiters", timeout: .seconds(60)) { trigger.waitingCount == 2 }
        trigger.fire(reason: "r")
        #expect(await first.value == "r")
        #expect(await second.value == "r")
    }

    @Test func withoutAFireTheWaitTimesOut() async {
        let trigger = PollTrigger()
        let start = clock.now
        let reason = await trigger.wait(timeout: .milliseconds(200))
        let elapsed = clock.now - start
        #expect(reason == nil)
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < .seconds(60))  // the 300 ms timeout fired, not a hang (the suite shares 2 cores)
        #expect(trigger.waitingCount == 0)
    }

    @Test func firesWhileNobodyWaitsCoalesceIntoOne() async {
        let trigger = PollTrigger()
        trigger.fire(reason: "first")
        trigger.fire(reason: "second")
        trigger.fire(reason: "third")
        #expect(await trigger.wait(timeout: .seconds(60)) == "first")
        #expect(await trigger.wait(timeout: .milliseconds(100)) == nil)
    }

    @Test func cancellingTheWaiterReturnsNilPromptly() async throws {
        let trigger = PollTrigger()
        let start = clock.now
        let waiter = Task { await trigger.wait(timeout: .seconds(60)) }
        try await Wait.until("the waiter to wait", timeout: .seconds(60)) { trigger.waitingCount == 1 }
        waiter.cancel()
        #expect(await waiter.value == nil)
        #expect(clock.now - start < .seconds(60))  // generous: the suite shares 2 cores with process-heavy tests
        #expect(trigger.waitingCount == 0)
        trigger.fire(reason: "later")  // nobody waits: it stays pending for the next wait
        #expect(await trigger.wait(timeout: .seconds(60)) == "later")
    }

    @Test func aTaskCancelledBeforeWaitingDoesNotBlock() async {
        let trigger = PollTrigger()
        let start = clock.now
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await trigger.wait(timeout: .seconds(60))
        }
        #expect(await waiter.value == nil)
        #expect(clock.now - start < .seconds(60))  // generous: the suite shares 2 cores with process-heavy tests
    }
}
