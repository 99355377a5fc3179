import Foundation

/// Runs one experiment's reconcile step with a deadline in real time, so one stuck step (a peer that never
/// answers, a computation that does not end) cannot stop the pass: past the deadline the step's task is
/// cancelled and abandoned, and the pass goes on with the other experiments.
///
/// Cancellation reaches every awaited transfer (HTTP and Git calls check it); a step that computes without
/// awaiting keeps its thread until it ends, but the pass no longer waits for it.
enum StepDeadline {
    /// The operation's value, or nil when it did not finish within `seconds` — or, once `stop` is requested,
    /// within `grace` seconds of that.
    ///
    /// `timer` (tests give their own) keeps the deadlines; `gate` (for tests) is handed the object that resumes the
    /// caller, which nothing but the step's task may keep once the step ended.
    static func run<T: Sendable>(
        seconds: Double, stop: PassStop? = nil, grace: Double = 0, timer: DeadlineTimer = .shared,
        gate observe: ((AnyObject) -> Void)? = nil,
        _ operation: @escaping @Sendable () async -> T
    ) async -> T? {
        let gate = OnceGate<T?>(timer: timer)
        observe?(gate)
        var waiter: Int?
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            gate.set(continuation)
            gate.setWork(Task { gate.finish(with: await operation()) })
            // The deadline fires on a Dispatch thread, not in the cooperative pool that a step computing without
            // awaiting may be holding (``DeadlineTimer``, one timer for every step). The gate cancels it when the
            // step ends first, so a pass does not leave a deadline per experiment pending for the whole deadline
            // (at 1,000 experiments and the default 120 s, tens of thousands of closures).
            gate.arm(after: seconds)
            waiter = stop?.whenRequested { gate.arm(after: grace) }
        }
        stop?.cancel(waiter)
        return result
    }
}

/// Resumes a continuation exactly once, whichever of the step and the timer ends first.
private final class OnceGate<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?
    private var finished = false
    /// The step's task until it finishes (then released, with its value).
    private var work: Task<Void, Never>?
    /// The deadlines armed and not yet fired (ids in `timer`), cancelled when the gate resumes.
    private var deadlines: [Int] = []
    private let timer: DeadlineTimer

    init(timer: DeadlineTimer) { self.timer = timer }

    func set(_ continuation: CheckedContinuation<T, Never>) {
        lock.lock()
        self.continuation = continuation
        lock.unlock()
    }

    func setWork(_ task: Task<Void, Never>) {
        lock.lock()
        if !finished { work = task }
        lock.unlock()
    }

    /// Abandons the step `seconds` from now unless it finished by then; nothing when it already finished.
    func arm(after seconds: Double) where T: ExpressibleByNilLiteral {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        deadlines.append(timer.schedule(after: seconds) { [weak self] in self?.abandon() })
    }

    /// The deadline: resumes with nil and cancels the step, unless it finished.
    func abandon() where T: ExpressibleByNilLiteral {
        lock.lock()
        let task = finished ? nil : work
        lock.unlock()
        if finish(with: nil) { task?.cancel() }
    }

    /// Resumes with `value` unless already resumed; true when this call resumed.
    @discardableResult
    func finish(with value: T) -> Bool {
        lock.lock()
        guard !finished, let continuation else {
            lock.unlock()
            return false
        }
        finished = true
        self.continuation = nil
        work = nil
        let armed = deadlines
        deadlines = []
        lock.unlock()
        for id in armed { timer.cancel(id) }
        continuation.resume(returning: value)
        return true
    }
}
