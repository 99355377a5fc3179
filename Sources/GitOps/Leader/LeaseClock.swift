import Foundation

/// The leader elector's default clock: the wall time when the process started plus the monotonic time since, so
/// the intervals the elector measures (how long since it renewed, since it saw the Lease change) cannot jump when
/// the wall clock is stepped. The times it writes into the Lease stay within a step's size of the wall clock.
public enum LeaseClock {
    /// A new clock, anchored now.
    public static func monotonic() -> @Sendable () -> Date {
        let anchor = Date()
        let start = ContinuousClock.now
        return {
            let elapsed = (ContinuousClock.now - start).components
            return anchor.addingTimeInterval(Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        }
    }
}
