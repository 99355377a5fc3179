/// Credentials sent with every request of a transport. The `description` never shows secrets.
///
/// Credentials are never sent to another host: the transport does not follow redirects.
public enum HTTPAuthentication: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// No credentials (TLS client certificates are configured separately).
    case none
    /// `Authorization: Bearer <token>` (kubeconfig `token`, service-account tokens).
    case bearer(token: String)
    /// HTTP Basic authentication (kubeconfig `username` / `password`, Prometheus behind a proxy).
    case basic(user: String, password: String)

    /// The kind of credential, with the secret masked.
    public var description: String {
        switch self {
        case .none: "none"
        case .bearer: "bearer(REDACTED)"
        case .basic(let user, _): "basic(user: \(user), password: REDACTED)"
        }
    }

    /// A mirror without children, so `dump` and debuggers show only ``description``.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }

    /// The secret strings, so they can be scrubbed from diagnostic text.
    var secrets: [String] {
        switch self {
        case .none: []
        case .bearer(let token): [token]
        case .basic(_, let password): [password]
        }
    }
}
