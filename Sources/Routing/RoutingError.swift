/// A routing request the table could not dispatch: the experiment moves no traffic, or no plug-in serves its kind.
public struct RoutingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// The experiment has no routed object.
        case noRouting
        /// No plug-in serves the experiment's routing kind.
        case unsupportedKind
    }

    /// The kind of failure.
    public var code: Code
    /// For people.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
