import Foundation

/// A circuit breaker on pushes: at most `limit` pushes in any 60 seconds. Whatever goes wrong upstream (a
/// loop that sees a new experiment every pass, a flood of webhooks), the service cannot flood the team's
/// repository: past the limit it stops pushing until the window has room, and says so once per trip.
struct PushBreaker: Sendable {
    /// Pushes allowed per window.
    let limit: Int
    /// The window, in seconds.
    let window: TimeInterval = 60
    /// Times of the pushes in the window, oldest first.
    private(set) var recent: [Date] = []
    /// How many times the breaker opened.
    private(set) var trips = 0
    /// Whether it is open now (set by the last ``allows(at:)``).
    private(set) var isOpen = false

    init(limit: Int) { self.limit = max(1, limit) }

    /// Whether a push may go out at `now`. The first refusal after a closed period counts as a trip.
    mutating func allows(at now: Date) -> Bool {
        recent.removeAll { now.timeIntervalSince($0) >= window || $0 > now }
        let allowed = recent.count < limit
        if !allowed && !isOpen { trips += 1 }
        isOpen = !allowed
        return allowed
    }

    /// Records a push made at `now`.
    mutating func record(at now: Date) { recent.append(now) }

    /// Seconds until the oldest push leaves the window (0 when closed).
    func secondsUntilClosed(at now: Date) -> Double {
        guard recent.count >= limit, let oldest = recent.first else { return 0 }
        return max(0, window - now.timeIntervalSince(oldest))
    }
}
