import Foundation

/// Runs blocking fixture work (the `git` CLI, openssl, starting a server) on a thread of its own and returns its
/// result: blocking work must not occupy Swift's cooperative pool, which the code under test needs. (Children get
/// an empty signal mask from `SpawnedProcess` whatever thread starts them.)
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
