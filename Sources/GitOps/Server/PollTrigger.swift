import Synchronization

/// Wakes the reconcile loop before its poll interval is up (e.g. on a webhook push).
///
/// Fires while nobody waits are remembered and coalesce into one wake-up carrying the first reason; a fire
/// while the loop waits wakes every current waiter at once. No polling: waiters are continuations resumed by
/// ``fire(reason:)``, by their timeout or by cancellation.
public final class PollTrigger: Sendable {
    private enum Slot {
        /// Registered, continuation not installed yet.
        case registering
        /// Waiting for a fire.
        case waiting(CheckedContinuation<String?, Never>)
        /// Timed out or cancelled before the continuation was installed.
        case expired
    }

    private struct State {
        var pending: String?
        var nextID = 0
        var slots: [Int: Slot] = [:]
    }

    private let state = Mutex(State())

    /// Creates a trigger with nothing pending.
    public init() {}

    /// Wakes the waiting loop with `reason`, or, if nothing waits, makes the next ``wait(timeout:)`` return
    /// at once. Fires that arrive while one is pending are merged into it (the first reason is kept).
    public func fire(reason: String) {
        let woken: [CheckedContinuation<String?, Never>] = state.withLock { state in
            var woken: [CheckedContinuation<String?, Never>] = []
            for (id, slot) in state.slots {
                if case .waiting(let continuation) = slot {
                    woken.append(continuation)
                    state.slots[id] = nil
                }
            }
            if woken.isEmpty, state.pending == nil { state.pending = reason }
            return woken
        }
        for continuation in woken { continuation.resume(returning: reason) }
    }

    /// True when a fire is pending (nobody consumed it yet).
    public var isPending: Bool { state.withLock { $0.pending != nil } }

    /// How many tasks wait right now (for diagnostics and tests).
    public var waitingCount: Int {
        state.withLock { state in
            state.slots.values.filter { if case .waiting = $0 { true } else { false } }.count
        }
    }

    /// Waits until the trigger fires or `timeout` passes.
    ///
    /// - Returns: The fire's reason, or nil on timeout or when the calling task is cancelled.
    public func wait(timeout: Duration) async -> String? {
        if let reason = state.withLock({ state -> String? in
            defer { state.pending = nil }
            return state.pending
        }) {
            return reason
        }
        let id = state.withLock { state in
            state.nextID += 1
            state.slots[state.nextID] = .registering
            return state.nextID
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.expire(id)
        }
        defer { timer.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<String?, Never>) in
                let immediate: String?? = state.withLock { state in
                    if let reason = state.pending {
                        state.pending = nil
                        state.slots[id] = nil
                        return .some(reason)
                    }
                    guard case .registering = state.slots[id] else {
                        state.slots[id] = nil
                        return .some(nil)
                    }
                    state.slots[id] = .waiting(continuation)
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            expire(id)
        }
    }

    /// Ends waiter `id` with nil: resumes it if it waits, or marks it so it does not start waiting.
    private func expire(_ id: Int) {
        let continuation: CheckedContinuation<String?, Never>? = state.withLock { state in
            switch state.slots[id] {
            case .waiting(let continuation)?:
                state.slots[id] = nil
                return continuation
            case .registering?:
                state.slots[id] = .expired
                return nil
            case .expired?, nil:
                return nil
            }
        }
        continuation?.resume(returning: nil)
    }
}
