/// Why a notification was not delivered, or why the notification settings were refused.
public struct NotificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The receiver answered with a status other than 2xx.
        case rejected
        /// No response arrived (connection, TLS, timeout).
        case unreachable
        /// A setting is invalid: a URL that is not http(s), a secret file missing or empty.
        case invalidSettings
    }

    /// What went wrong.
    public var code: Code
    /// For people: names the channel or setting, and the cause.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
