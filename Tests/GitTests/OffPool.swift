import Foundation

/// Runs blocking fixture work (the `git` CLI, openssl, process start-up) on a thread of its own,
/// so tests never block Swift's cooperative pool, which the code under test needs.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
