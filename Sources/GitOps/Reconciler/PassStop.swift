import Foundation
import Synchronization

/// A graceful shutdown's request that the pass in flight wind down: no further experiment is started, the steps
/// in flight get a grace period and are then abandoned, and what is done is published.
///
/// Set once and never cleared: a reconciler asked to stop starts no more work.
final class PassStop: Sendable {
    private struct State {
        var requested = false
        var nextID = 0
        var waiters: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Whether a stop was requested.
    var isRequested: Bool { state.withLock { $0.requested } }

    /// Requests the stop; runs every registered waiter once.
    func request() {
        let waiters = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.requested else { return [] }
            state.requested = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter() }
    }

    /// Calls `body` when the stop is requested (at once if it was); returns a token for ``cancel(_:)``.
    @discardableResult
    func whenRequested(_ body: @escaping @Sendable () -> Void) -> Int? {
        let id = state.withLock { state -> Int? in
            guard !state.requested else { return nil }
            state.nextID += 1
            state.waiters[state.nextID] = body
            return state.nextID
        }
        if id == nil { body() }
        return id
    }

    /// Forgets a waiter that is no longer needed.
    func cancel(_ id: Int?) {
        guard let id else { return }
        _ = state.withLock { $0.waiters.removeValue(forKey: id) }
    }
}
