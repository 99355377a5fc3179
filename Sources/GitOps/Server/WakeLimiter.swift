import Synchronization

/// Wakes the reconcile loop (through its ``PollTrigger``) at most once per interval, however often webhooks ask.
///
/// A wake-up asked for within the interval after the last one is not dropped: it is merged into a single
/// wake-up at the end of the interval, which carries the first merged reason. ``wake(reason:)`` says which
/// happened, so the caller can count the merged ones.
final class WakeLimiter: Sendable {
    /// What became of one request to wake the loop.
    enum Outcome: Equatable {
        /// The loop was woken now.
        case woken
        /// Merged into the wake-up due at the end of the interval.
        case coalesced
    }

    private struct State {
        var lastWake: ContinuousClock.Instant?
        var deferred: Task<Void, Never>?
    }

    private let trigger: PollTrigger
    private let interval: Duration
    private let state = Mutex(State())

    init(trigger: PollTrigger, interval: Duration) {
        self.trigger = trigger
        self.interval = interval
    }

    /// Wakes the loop now if the interval since the last wake-up has passed, else makes sure one wake-up
    /// follows when it has.
    func wake(reason: String) -> Outcome {
        let now = ContinuousClock.now
        let outcome: Outcome = state.withLock { state in
            if state.deferred != nil { return .coalesced }
            guard let last = state.lastWake, now < last + interval else {
                state.lastWake = now
                return .woken
            }
            let due = last + interval
            state.deferred = Task { [weak self] in
                try? await Task.sleep(until: due, clock: .continuous)
                guard !Task.isCancelled, let self else { return }
                self.state.withLock { state in
                    state.lastWake = ContinuousClock.now
                    state.deferred = nil
                }
                self.trigger.fire(reason: reason)
            }
            return .coalesced
        }
        if outcome == .woken { trigger.fire(reason: reason) }
        return outcome
    }

    /// Drops a pending merged wake-up (the server is stopping).
    func cancel() {
        state.withLock { state in
            state.deferred?.cancel()
            state.deferred = nil
        }
    }
}
