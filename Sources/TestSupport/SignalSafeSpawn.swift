import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts test servers so that they can be stopped with SIGTERM.
///
/// A child inherits the signal mask of the thread that spawns it, and Swift's concurrency and
/// dispatch threads block most signals, so a server started from a test would ignore SIGTERM and
/// only die to ``ManagedProcess``'s SIGKILL two seconds later. Spawning from a fresh thread with an
/// empty mask gives the server default signal handling.
public enum SignalSafeSpawn {
    /// Runs `start` on a new thread whose signal mask is empty and returns its result.
    public static func run<T: Sendable>(_ start: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                #if canImport(Glibc)
                    var empty = sigset_t()
                    sigemptyset(&empty)
                    pthread_sigmask(SIG_SETMASK, &empty, nil)
                #endif
                continuation.resume(with: Result { try start() })
            }.start()
        }
    }
}
