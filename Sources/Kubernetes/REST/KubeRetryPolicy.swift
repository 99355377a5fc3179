import Foundation

/// When and how often a request is tried again.
///
/// Only requests that are safe to repeat are retried: reads (get, list, discovery) after a transport failure,
/// a 5xx or a 429. A write (create, update, patch, delete) is retried only when the connection could not be
/// made at all (refused, name not resolved), because then the server never saw it; after a timeout, a broken
/// connection or any answer, a write is not repeated, since it may have been applied. Backoff doubles from
/// ``initialBackoff`` up to ``maxBackoff``; a `Retry-After` header in seconds is honoured up to ``maxBackoff``.
/// A 401 with refreshable credentials (token file, exec plugin) is retried once with fresh credentials,
/// writes included: the server rejected it before doing anything.
public struct KubeRetryPolicy: Sendable, Hashable {
    /// The most tries of one request, the first included (1 disables retries).
    public var maxAttempts: Int
    /// The wait before the second try.
    public var initialBackoff: Duration
    /// The longest wait between tries.
    public var maxBackoff: Duration

    /// Creates a policy.
    public init(maxAttempts: Int = 3, initialBackoff: Duration = .milliseconds(200), maxBackoff: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// Three tries, 200 ms then 400 ms apart.
    public static let standard = KubeRetryPolicy()
    /// One try.
    public static let never = KubeRetryPolicy(maxAttempts: 1)

    /// The wait after failed try number `attempt` (1-based), or the server's `Retry-After` when it gave one.
    func backoff(afterAttempt attempt: Int, retryAfter: String?) -> Duration {
        if let retryAfter, let seconds = Int(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return min(.seconds(seconds), maxBackoff)
        }
        var wait = initialBackoff
        for _ in 1..<max(1, attempt) { wait = min(wait * 2, maxBackoff) }
        return min(wait, maxBackoff)
    }
}
