/// The notifier's bounds: how often and how long it retries, how much it keeps, how long a delivery may take.
public struct NotificationPolicy: Sendable, Hashable {
    /// Sends of one entry before it is dropped (with a log line and `iter8_notifications_dropped_total`).
    public var maxAttempts: Int
    /// Seconds after it was recorded that an entry not yet delivered is dropped (checked against the entry's
    /// recorded time, so a restart does not extend it).
    public var maxAgeSeconds: Double
    /// The first retry's delay; each further failure doubles it, up to ``maxBackoffSeconds``.
    public var backoffSeconds: Double
    /// The longest delay between two sends of one entry.
    public var maxBackoffSeconds: Double
    /// The most entries one experiment's outbox holds; the oldest beyond it are dropped.
    public var maxEntriesPerExperiment: Int
    /// The longest one delivery step (after a pass) may send for, in seconds; what is left waits for the next.
    public var deliveryBudgetSeconds: Double
    /// The longest one request may take, in seconds.
    public var requestTimeoutSeconds: Double

    /// Creates a policy: 8 attempts within an hour, backoff 5 s doubling up to 5 min, 50 entries per experiment,
    /// 10 s per delivery step, 5 s per request.
    public init(
        maxAttempts: Int = 8, maxAgeSeconds: Double = 3600, backoffSeconds: Double = 5, maxBackoffSeconds: Double = 300,
        maxEntriesPerExperiment: Int = 50, deliveryBudgetSeconds: Double = 10, requestTimeoutSeconds: Double = 5
    ) {
        self.maxAttempts = maxAttempts
        self.maxAgeSeconds = maxAgeSeconds
        self.backoffSeconds = backoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
        self.maxEntriesPerExperiment = maxEntriesPerExperiment
        self.deliveryBudgetSeconds = deliveryBudgetSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }

    /// The delay before the next send after `failures` failed sends (at least one).
    func backoff(afterFailures failures: Int) -> Double {
        let doublings = min(max(failures - 1, 0), 30)
        return min(maxBackoffSeconds, backoffSeconds * Double(1 << doublings))
    }
}
