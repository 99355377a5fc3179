/// Asked before every write to the cluster or the repository: may this replica still write, given how long the
/// write can take?
///
/// With leader election a deposed or about-to-lapse leader must not patch or push: another replica may already
/// lead. ``LeaderElector`` answers from the time left on its lease; ``AlwaysPermit`` (``alwaysPermit``) is for
/// a single replica without leader election.
public protocol WriteFence: Sendable {
    /// Whether a write that can take up to `duration` may start now. `false` means: do not start it, skip the
    /// write (the next leader redoes the work from Git).
    func permits(_ duration: Duration) async -> Bool
}

/// The fence without leader election: every write may start.
public struct AlwaysPermit: WriteFence {
    /// Creates the fence.
    public init() {}

    /// Always `true`.
    public func permits(_ duration: Duration) async -> Bool { true }
}

extension WriteFence where Self == AlwaysPermit {
    /// The fence without leader election: every write may start.
    public static var alwaysPermit: AlwaysPermit { AlwaysPermit() }
}
