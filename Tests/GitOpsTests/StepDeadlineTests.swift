import Foundation
import Testing
import TestSupport

@testable import GitOps

/// A finished step's value is not kept alive by its deadline's timer: the timer fires minutes later, and a pass
/// over a thousand experiments finishes thousands of steps meanwhile (each holding its status document).
@Suite struct StepDeadlineTests {
    final class Payload: Sendable {}

    @Test func aFinishedStepsValueIsReleasedBeforeItsDeadline() async throws {
        weak var released: Payload?
        do {
            let value = await StepDeadline.run(seconds: 600) { Payload() }
            #expect(value != nil)
            released = value
        }
        // The task that produced it ends just after handing it over.
        try await Wait.until("the step's value to be released", timeout: .seconds(10)) { released == nil }
    }

    @Test func aStepPastItsDeadlineIsAbandoned() async {
        let value = await StepDeadline.run(seconds: 0.05) { () async -> Int in
            try? await Task.sleep(for: .seconds(30))
            return 1
        }
        #expect(value == nil)
    }
}
