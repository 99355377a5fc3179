/// Why the control server could not start.
public struct ControlServerError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; a struct so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String { case bind }
        private let kind: Kind
        /// The listener could not be bound or the server stopped before accepting connections.
        public static let bind = Code(kind: .bind)
        /// The code's name.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, naming the address.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?
    /// Where the error was raised.
    public var location: String

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, cause: (any Error)? = nil, fileID: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.location = "\(fileID):\(line)"
    }

    /// `message: cause (code) at location`.
    public var description: String {
        var text = message
        if let cause { text += ": \(cause)" }
        return text + " (\(code)) at \(location)"
    }
}
