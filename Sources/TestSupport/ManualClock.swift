import Foundation
import GitOps
import Synchronization

/// A ``GitOps/ReconcilerClock`` that moves only when the test says so, for fast tests: ``advance(seconds:)`` moves
/// `now` and wakes the sleepers whose time has come; a sleep never waits on the wall clock.
public final class ManualClock: ReconcilerClock {
    struct Sleeper {
        var id: Int
        var wakeAt: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    let state: Mutex<State>

    /// A clock that reads `start` until advanced.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        state = Mutex(State(now: start))
    }

    /// Now, on this clock.
    public func now() async -> Date { current }

    /// Now, on this clock (synchronous, for tests).
    public var current: Date { state.withLock { $0.now } }

    /// How many are sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Moves the clock forward by `seconds` and wakes every sleeper whose time has come.
    public func advance(seconds: Double) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.addingTimeInterval(max(0, seconds))
            let now = state.now
            let due = state.sleepers.filter { $0.wakeAt <= now }
            state.sleepers.removeAll { $0.wakeAt <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Returns once the clock has been advanced by `seconds` (at once for 0 or less); throws when cancelled.
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return try Task.checkCancellation() }
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    state.sleepers.append(Sleeper(id: id, wakeAt: state.now.addingTimeInterval(seconds), continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
