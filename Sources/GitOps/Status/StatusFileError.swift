/// Why a status file cannot be written or read.
public struct StatusFileError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; a struct so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String { case tooLarge, unreadable, outOfRange }
        private let kind: Kind
        /// Even compacted as far as it goes, the document is larger than the reader accepts.
        public static let tooLarge = Code(kind: .tooLarge)
        /// The text is not a status document (too large, not YAML, missing or mistyped fields).
        public static let unreadable = Code(kind: .unreadable)
        /// The document decodes, but a number is out of its range (``Experiments/StatusCheck``).
        public static let outOfRange = Code(kind: .outOfRange)
        /// The code's name.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, naming the file.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    /// `message: cause (code)`.
    public var description: String {
        var text = message
        if let cause { text += ": \(cause)" }
        return text + " (\(code))"
    }
}
