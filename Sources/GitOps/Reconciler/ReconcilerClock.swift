import Foundation

/// The reconciler's sense of time: what time it is, and how to wait. Injected so that the embedded demo
/// can run on the simulated mesh's clock and tests can control it.
public protocol ReconcilerClock: Sendable {
    /// Now, on this clock.
    func now() async -> Date
    /// Waits `seconds` of this clock's time.
    func sleep(seconds: Double) async throws
}

/// The wall clock.
public struct SystemClock: ReconcilerClock {
    /// Creates the wall clock.
    public init() {}

    /// `Date()`.
    public func now() async -> Date { Date() }

    /// `Task.sleep` for `seconds`.
    public func sleep(seconds: Double) async throws {
        try await Task.sleep(for: .milliseconds(Int64((max(0, seconds) * 1000).rounded())))
    }
}
