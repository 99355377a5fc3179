import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs blocking fixture work (the `git` CLI, openssl, starting a server) on a thread of its own, with an
/// empty signal mask, and returns its result.
///
/// Two reasons: blocking work must not occupy Swift's cooperative pool, which the code under test
/// needs; and a child process inherits the signal mask of the thread that spawns it — Swift's
/// concurrency threads block most signals, so a server started from one would ignore SIGTERM and only
/// die to ``ManagedProcess``'s SIGKILL two seconds later.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            #if canImport(Glibc)
                var empty = sigset_t()
                sigemptyset(&empty)
                pthread_sigmask(SIG_SETMASK, &empty, nil)
            #endif
            continuation.resume(with: Result { try work() })
        }.start()
    }
}
