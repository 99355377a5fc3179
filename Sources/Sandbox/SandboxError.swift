/// A failure of the Sandbox itself (not a Kubernetes API status): certificates, starting the API or metrics
/// server, writing the kubeconfig, loading manifests.
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    /// What failed.
    public enum Code: String, Hashable, Sendable {
        /// Creating or signing a certificate, or loading it into TLS.
        case certificate
        /// Binding or running the HTTPS API server or the mesh's metrics server.
        case server
        /// Writing the kubeconfig file.
        case kubeconfig
        /// Reading or parsing a manifest file.
        case manifest
        /// The store refused an object from a manifest.
        case apply
    }

    /// What failed.
    public var code: Code
    /// What went wrong, naming the object (file, address, certificate).
    public var message: String
    /// The underlying error, described.
    public var cause: String?

    /// Creates an error; `cause` is described with `String(describing:)`.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause.map { String(describing: $0) }
    }

    public var description: String { "sandbox \(code): \(message)" + (cause.map { ": \($0)" } ?? "") }
}
