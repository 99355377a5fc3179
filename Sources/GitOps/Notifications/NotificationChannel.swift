/// Where notifications go: a Slack incoming webhook, a CloudEvents webhook, Kubernetes Events. The ``Notifier``
/// hands each channel the notifications addressed to it, after the pass that recorded them is pushed.
///
/// Delivery is at least once: a notification not acknowledged (``send(_:)`` did not return) is sent again later, by
/// this process or, after a restart, by the next one (the outbox is in the status file). Receivers drop repeats by
/// ``Notification/id``. A channel must not retry on its own: the notifier retries with backoff on its clock.
public protocol NotificationChannel: Sendable {
    /// A stable name, unique among the configured channels (`webhook`, `slack`, `events`; `spec:start:0` for a spec's
    /// task): outbox entries are addressed to it, so it must not change between restarts.
    var name: String { get }

    /// Sends one notification; returns once the receiver accepted it, throws otherwise (the entry stays pending).
    func send(_ message: Notification) async throws
}
