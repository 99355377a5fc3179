import Foundation

/// How a Sandbox API server is set up: port, authentication and initial namespaces.
public struct SandboxConfiguration: Sendable {
    /// Whether the TLS handshake demands a client certificate.
    public enum ClientCertificates: Sendable, Hashable {
        /// Like kube-apiserver: a presented certificate must be signed by the Sandbox CA (a foreign one fails
        /// the handshake); a client without one must send a configured bearer token or gets 401.
        case optional
        /// The handshake fails without a client certificate signed by the Sandbox CA; tokens are then only
        /// checked in addition to a certificate.
        case required
    }

    /// The TCP port on 127.0.0.1; 0 picks a free one.
    public var port: Int
    /// Client-certificate policy; `.optional` by default, so bearer tokens work on their own.
    public var clientCertificates: ClientCertificates
    /// Bearer tokens the server accepts.
    public var bearerTokens: [BearerToken]
    /// Namespaces that exist from the start.
    public var namespaces: [String]
    /// The CA to use; nil makes a fresh one.
    public var certificateAuthority: SandboxCertificateAuthority?
    /// The clock for timestamps and token expiry.
    public var now: @Sendable () -> Date
    /// How many recent requests ``SandboxAPIServer/requestLog`` keeps.
    public var requestLogCapacity: Int

    /// Creates a configuration: a free port, optional client certificates, no tokens, the standard namespaces.
    public init(
        port: Int = 0, clientCertificates: ClientCertificates = .optional, bearerTokens: [BearerToken] = [],
        namespaces: [String] = SandboxStore.initialNamespaces, certificateAuthority: SandboxCertificateAuthority? = nil,
        now: @escaping @Sendable () -> Date = { Date() }, requestLogCapacity: Int = 1000
    ) {
        self.port = port
        self.clientCertificates = clientCertificates
        self.bearerTokens = bearerTokens
        self.namespaces = namespaces
        self.certificateAuthority = certificateAuthority
        self.now = now
        self.requestLogCapacity = requestLogCapacity
    }
}

/// A bearer token the Sandbox accepts, for a user, optionally until a time.
public struct BearerToken: Sendable, Hashable, CustomStringConvertible {
    /// The secret sent as `Authorization: Bearer <token>`.
    public var token: String
    /// The user the token authenticates as.
    public var user: String
    /// When the token stops working; nil for never.
    public var expires: Date?

    /// Creates a token.
    public init(token: String, user: String = "token-user", expires: Date? = nil) {
        self.token = token
        self.user = user
        self.expires = expires
    }

    /// Never shows the token.
    public var description: String { "BearerToken(user: \(user), expires: \(expires.map { "\($0)" } ?? "never"))" }
}
