/// A failure of the simulated mesh or of loading manifests into the Sandbox.
public struct MeshError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public enum Code: String, Hashable, Sendable {
        /// Binding or running the metrics server.
        case server
        /// Reading or parsing a manifest file.
        case manifest
        /// The store refused an object from a manifest.
        case apply
    }

    /// What failed.
    public var code: Code
    /// What went wrong, naming the object (file, address, object).
    public var message: String
    /// The underlying error, described.
    public var cause: String?

    /// Creates an error; `cause` is described with `String(describing:)`.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { String(describing: $0) }
    }

    public var description: String { "sandbox mesh \(code): \(message)" + (cause.map { ": \($0)" } ?? "") }
}
