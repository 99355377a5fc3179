import GitOps
import Synchronization

/// A ``NotificationChannel`` that records what it is sent, and refuses while told to (a receiver that is down).
public final class RecordingNotificationChannel: NotificationChannel {
    /// The channel's name.
    public let name: String
    private let state = Mutex<(received: [Notification], attempts: Int, refusing: Bool)>(([], 0, false))

    /// Creates a channel named `name`, accepting everything until ``refuse(_:)``.
    public init(name: String = "recording") {
        self.name = name
    }

    /// Makes every later send fail (true) or succeed (false).
    public func refuse(_ refusing: Bool) {
        state.withLock { $0.refusing = refusing }
    }

    /// The notifications accepted, in order (repeats included).
    public var received: [Notification] { state.withLock { $0.received } }

    /// Sends tried, accepted or not.
    public var attempts: Int { state.withLock { $0.attempts } }

    /// Records `message`, or throws while refusing.
    public func send(_ message: Notification) async throws {
        let refused = state.withLock { state -> Bool in
            state.attempts += 1
            if state.refusing { return true }
            state.received.append(message)
            return false
        }
        if refused { throw NotificationError(.rejected, "\(name): refusing (test)") }
    }
}
