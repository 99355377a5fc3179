import Foundation

/// A notification the service owes a channel, kept in the experiment's status file until the channel
/// acknowledged it: written in the same commit as the transition it reports, and removed by a later status
/// commit once delivered (or given up on). A restart, or another replica, re-sends what is still here.
public struct OutboxEntry: Codable, Hashable, Sendable {
    /// The notification's stable id (the same for every channel; the CloudEvents `id`).
    public var id: String
    /// The channel it is addressed to (``NotificationChannel/name`` in GitOps).
    public var channel: String
    /// What happened (`started`, `weights_changed`, `held`, `promoted`, `rolled_back`, `inconclusive`, `failed`,
    /// `ended`).
    public var kind: String
    /// Iterations completed when it happened.
    public var iteration: Int
    /// When the service recorded it; an entry older than the notifier's bound is dropped.
    public var time: Date
    /// One line for people.
    public var text: String
    /// For a spec notification task's entry (channel `spec:<action>:<index>`): the experiment at the transition.
    public var summary: NotificationSummary?

    /// Creates an entry.
    public init(
        id: String, channel: String, kind: String, iteration: Int, time: Date, text: String, summary: NotificationSummary? = nil
    ) {
        self.id = id
        self.channel = channel
        self.kind = kind
        self.iteration = iteration
        self.time = time
        self.text = text
        self.summary = summary
    }
}
