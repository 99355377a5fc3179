import Foundation

/// A thread this library owns, running blocking libgit2 work one job at a time, off Swift's cooperative pool.
///
/// The thread creates its `State` (a repository handle) and is the only thread that ever touches it,
/// so libgit2 objects are never shared between threads. Jobs are bridged to `async` callers with a
/// checked continuation. The thread ends, dropping its state, when the worker is deinitialised.
final class GitWorker<State: AnyObject>: Sendable {
    private let queue = JobQueue<State>()

    /// Starts the thread; `makeState` runs on it before any job.
    init(name: String, makeState: @escaping @Sendable () -> State) {
        let queue = self.queue
        let thread = Thread {
            let state = makeState()
            while let job = queue.next() { job(state) }
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    deinit { queue.close() }

    /// Runs `body` on the worker's thread with its state and returns the result.
    func run<T: Sendable>(_ body: @escaping @Sendable (State) throws(GitError) -> T) async throws(GitError) -> T {
        let result: Result<T, GitError> = await withCheckedContinuation { continuation in
            queue.append { state in
                continuation.resume(returning: Result { () throws(GitError) -> T in try body(state) })
            }
        }
        return try result.get()
    }

    /// Runs `body` on a new thread of its own, giving up after `timeout`.
    ///
    /// libgit2 1.5 has no connect or read timeout (`GIT_OPT_SET_SERVER_CONNECT_TIMEOUT` arrived in 1.7),
    /// so the deadline is kept here: when it passes, the caller gets `timedOut()` at once, `abort` is
    /// raised so libgit2 stops at its next progress callback, and the thread is left to finish (or to
    /// wait for the OS to drop the connection) on its own: `abandoned` is called then, and `endedLate`
    /// once that thread returns (see ``GitNetworkOperations``). Cancellation abandons the thread the same
    /// way. `body` must open its own libgit2 objects.
    static func runDetached<T: Sendable>(
        name: String, timeout: Duration, abort: AbortFlag, timedOut: @escaping @Sendable () -> GitError,
        abandoned: @escaping @Sendable () -> Void = {}, endedLate: @escaping @Sendable () -> Void = {},
        _ body: @escaping @Sendable () throws(GitError) -> T
    ) async throws(GitError) -> T {
        let once = OnceResult<T>()
        let result: Result<T, GitError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                once.install(continuation)
                let thread = Thread {
                    if !once.resume(Result { () throws(GitError) -> T in try body() }) { endedLate() }
                }
                thread.name = name
                thread.stackSize = 8 << 20
                thread.start()
                let (seconds, attoseconds) = timeout.components
                let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                    abort.raise()
                    once.resume(.failure(timedOut()), ifFirst: abandoned)
                }
            }
        } onCancel: {
            abort.raise()
            once.resume(.failure(GitError(code: .other, operation: name, message: "cancelled")), ifFirst: abandoned)
        }
        return try result.get()
    }
}

/// The worker's job list, guarded by a condition variable.
private final class JobQueue<State: AnyObject>: @unchecked Sendable {
    // @unchecked: `jobs` and `closed` are only touched while holding `condition`.
    typealias Job = @Sendable (State) -> Void
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var closed = false

    func append(_ job: @escaping Job) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Blocks until a job is queued; nil once the queue is closed and drained.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !closed { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }
}

/// A continuation that is resumed by whichever comes first: the result, the deadline or cancellation.
private final class OnceResult<T: Sendable>: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<T, GitError>, Never>?
    private var early: Result<T, GitError>?
    private var done = false

    func install(_ continuation: CheckedContinuation<Result<T, GitError>, Never>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(returning: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    /// Delivers `result` unless another was delivered first; true when this one was.
    ///
    /// `ifFirst` runs when this result wins, before the caller resumes and before any later `resume` returns
    /// false: an abandoned operation is registered before its caller can start the next one, and before its
    /// thread can report that it ended.
    @discardableResult
    func resume(_ result: Result<T, GitError>, ifFirst: () -> Void = {}) -> Bool {
        lock.lock()
        guard !done else { lock.unlock(); return false }
        done = true
        ifFirst()
        guard let continuation else {
            early = result  // cancelled before the continuation existed
            lock.unlock()
            return true
        }
        self.continuation = nil
        lock.unlock()
        continuation.resume(returning: result)
        return true
    }
}

/// A flag raised to ask a running libgit2 operation to stop at its next callback.
final class AbortFlag: @unchecked Sendable {
    // @unchecked: `raised` is guarded by `lock`.
    private let lock = NSLock()
    private var raised = false

    /// Asks the operation to stop.
    func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    /// True once ``raise()`` was called.
    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
