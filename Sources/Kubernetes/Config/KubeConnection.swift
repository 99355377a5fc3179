import Foundation
import HTTPTransport
import Redaction

/// Everything needed to talk to one API server: its URL, how TLS is verified, which client certificate is
/// presented, which credentials are sent, and the default namespace. Made from a kubeconfig context
/// (``KubeConfig/connection(context:)``) or from the in-cluster service account (``KubeConnection/inCluster(paths:environment:)``).
///
/// The `description` shows the redacted server URL and the kind of credentials, never a secret.
public struct KubeConnection: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The API server's base URL, e.g. `https://10.0.0.1:6443` (a path prefix is kept).
    public var server: URL
    /// Trust anchors, verification, server name and the static client certificate.
    public var tls: TLSConfiguration
    /// The credentials sent with each request.
    public var credentials: KubeCredentials
    /// The namespace used when a call on a namespaced type passes no namespace.
    public var namespace: String
    /// The kubeconfig context this came from, or nil (in-cluster, or built by hand).
    public var contextName: String?

    /// Creates a connection.
    public init(
        server: URL, tls: TLSConfiguration = TLSConfiguration(), credentials: KubeCredentials = .none,
        namespace: String = "default", contextName: String? = nil
    ) {
        self.server = server
        self.tls = tls
        self.credentials = credentials
        self.namespace = namespace
        self.contextName = contextName
    }

    public var description: String {
        var text = "\(Redacted.url(server.absoluteString))"
        if let contextName { text += " (context \(contextName))" }
        text += ", namespace \(namespace), credentials \(credentials)"
        if tls.clientIdentity != nil { text += " + client certificate" }
        if tls.verification == .insecureSkipVerify { text += ", TLS verification disabled" }
        return text
    }

    /// A mirror without children, so `dump` shows only ``description``.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// The credentials a connection sends. The `description` never shows a secret.
public enum KubeCredentials: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// None beyond a TLS client certificate, if any.
    case none
    /// A fixed bearer token.
    case token(String)
    /// A bearer token read from a file, re-read when older than `maxAge` or after a 401 (service-account
    /// token rotation, kubeconfig `tokenFile`).
    case tokenFile(path: String, maxAge: Duration = .seconds(60))
    /// HTTP basic authentication.
    case basic(user: String, password: String)
    /// A credential plugin, run when no unexpired credential is cached and after a 401.
    case exec(ExecCredentialPlugin)

    public var description: String {
        switch self {
        case .none: "none"
        case .token: "bearer token (REDACTED)"
        case .tokenFile(let path, _): "bearer token from file \(path)"
        case .basic(let user, _): "basic (user \(user), password REDACTED)"
        case .exec(let plugin): plugin.description
        }
    }

    /// A mirror without children, so `dump` shows only ``description``.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}
