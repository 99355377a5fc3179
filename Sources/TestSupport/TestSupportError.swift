/// Why a test fixture could not be set up: a missing tool, a server that never came up, a failed command.
public struct TestSupportError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the tool, server or command and, for a missing binary, the Debian package.
    public let description: String

    /// Creates an error with a human message.
    public init(_ description: String) { self.description = description }
}
