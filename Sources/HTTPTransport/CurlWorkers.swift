import Foundation

/// The threads that run one ``CurlTransport``'s blocking transfers, off Swift's cooperative pool.
///
/// Elastic, so one slow request never delays another: a job goes to a waiting worker when there is one, and
/// otherwise to a new thread. A worker that finishes waits for the next job; at most ``maximumIdle`` wait, each
/// for at most ``idleTimeout``, after which it exits. Reusing threads saves creating one per request (about
/// 30 µs of CPU each on the 2-core benchmark machine).
///
/// `@unchecked Sendable`: all mutable state is guarded by `condition`'s lock.
final class CurlWorkers: @unchecked Sendable {
    /// The most workers kept waiting for work.
    let maximumIdle: Int
    /// How long a worker waits for work before it exits.
    let idleTimeout: TimeInterval
    private let condition = NSCondition()
    /// Jobs handed to a waiting worker that has not picked them up yet.
    private var jobs: [@Sendable () -> Void] = []
    /// Waiting workers not yet promised a job: each queued job is promised to one waiting worker.
    private var unclaimed = 0
    /// Worker threads started and not yet exited.
    private var threads = 0

    /// Creates a pool with no threads yet.
    init(maximumIdle: Int, idleTimeout: TimeInterval = 60) {
        self.maximumIdle = max(0, maximumIdle)
        self.idleTimeout = idleTimeout
    }

    /// Runs `job` on a waiting worker, or on a new thread when none waits. Never blocks.
    func run(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        if unclaimed > 0 {
            unclaimed -= 1
            jobs.append(job)
            condition.unlock()
            // Signalled after unlocking: a worker woken while the lock is still held blocks on it at once (a
            // second futex wait and wake per request). The job is queued under the lock and a waiting worker
            // re-checks `jobs` under it, so no wake-up is lost.
            condition.signal()
            return
        }
        threads += 1
        condition.unlock()
        let thread = Thread { [self] in work(first: job) }
        thread.name = "iter8-curl"
        thread.start()
    }

    /// How many workers are waiting for work (tests).
    var idleCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return unclaimed + jobs.count
    }

    /// How many worker threads run or wait (tests).
    var threadCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return threads
    }

    private func work(first: @escaping @Sendable () -> Void) {
        var job: (@Sendable () -> Void)? = first
        while let current = job {
            current()
            job = next()
        }
    }

    /// The next job, or nil when this worker should exit (enough others wait, or none came in time).
    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        guard unclaimed + jobs.count < maximumIdle else {
            threads -= 1
            return nil
        }
        unclaimed += 1
        let deadline = Date(timeIntervalSinceNow: idleTimeout)
        while true {
            if !jobs.isEmpty { return jobs.removeFirst() }  // promised to this worker by `run`
            if !condition.wait(until: deadline) && jobs.isEmpty {
                unclaimed -= 1
                threads -= 1
                return nil
            }
        }
    }
}
