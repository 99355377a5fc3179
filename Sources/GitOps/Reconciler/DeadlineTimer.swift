import Dispatch
import Synchronization

/// One Dispatch timer for every step deadline of the process, instead of a timer source per step.
///
/// A pass over 1,000 experiments runs 1,000 steps, each with a deadline that almost never fires: a Dispatch timer
/// source per step woke libdispatch's manager thread to program it and again to cancel it (at 1,000 experiments,
/// thousands of wake-ups a second). Here a deadline is an entry in a table and the one timer is set again only when
/// a deadline earlier than the one it waits for arrives; a cancelled entry is dropped, and the timer finds nothing
/// due when it fires for it, then waits for the next.
final class DeadlineTimer: Sendable {
    /// The process's timer.
    static let shared = DeadlineTimer()

    private struct Entry {
        var due: DispatchTime
        var action: @Sendable () -> Void
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        /// The deadline the timer is set for (nil: none).
        var armed: DispatchTime?
    }

    private let state = Mutex(State())
    /// Set only under `state`'s lock; Dispatch sources are safe to use from any thread.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer

    init() {
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .distantFuture)
        timer.setEventHandler { [weak self] in self?.fire() }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// Runs `action` on a Dispatch thread `seconds` from now unless ``cancel(_:)`` gets its id first.
    func schedule(after seconds: Double, _ action: @escaping @Sendable () -> Void) -> Int {
        let due = DispatchTime.now() + max(0, seconds)
        return state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(due: due, action: action)
            if state.armed.map({ due < $0 }) ?? true {
                state.armed = due
                timer.schedule(deadline: due)  // under the lock, so a later call cannot set it back
            }
            return id
        }
    }

    /// Drops the deadline `id`; nothing when it fired already.
    func cancel(_ id: Int) {
        _ = state.withLock { $0.entries.removeValue(forKey: id) }
    }

    /// How many deadlines wait (tests).
    var pending: Int { state.withLock { $0.entries.count } }

    private func fire() {
        let now = DispatchTime.now()
        let due = state.withLock { state -> [@Sendable () -> Void] in
            let expired = state.entries.filter { $0.value.due <= now }
            for id in expired.keys { state.entries[id] = nil }
            state.armed = state.entries.values.map(\.due).min()
            timer.schedule(deadline: state.armed ?? .distantFuture)
            return expired.sorted { $0.value.due < $1.value.due }.map(\.value.action)
        }
        for action in due { action() }
    }
}
