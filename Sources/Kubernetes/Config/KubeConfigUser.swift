/// One `users[]` entry: the credentials presented to a cluster. Its `description` lists which kinds of
/// credentials are set, never their values.
public struct KubeConfigUser: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The entry's name.
    public var name: String
    /// `client-certificate`: a PEM file, resolved to an absolute path.
    public var clientCertificate: String?
    /// `client-certificate-data`: base64 of PEM.
    public var clientCertificateData: String?
    /// `client-key`: a PEM file, resolved to an absolute path.
    public var clientKey: String?
    /// `client-key-data`: base64 of PEM.
    public var clientKeyData: String?
    /// `token`: a bearer token.
    public var token: String?
    /// `tokenFile`: a file holding a bearer token, resolved to an absolute path.
    public var tokenFile: String?
    /// `username` for basic authentication.
    public var username: String?
    /// `password` for basic authentication.
    public var password: String?
    /// `exec`: a credential plugin.
    public var exec: ExecCredentialPlugin?
    /// The name of a legacy `auth-provider` (gcp, oidc, azure), which this client does not support.
    public var authProvider: String?

    /// Creates an entry with no credentials.
    public init(name: String) { self.name = name }

    /// The kinds of credentials set, e.g. `client-certificate-data, token`.
    public var credentialKinds: [String] {
        var kinds: [String] = []
        if clientCertificate != nil { kinds.append("client-certificate") }
        if clientCertificateData != nil { kinds.append("client-certificate-data") }
        if clientKey != nil { kinds.append("client-key") }
        if clientKeyData != nil { kinds.append("client-key-data") }
        if token != nil { kinds.append("token") }
        if tokenFile != nil { kinds.append("tokenFile") }
        if username != nil || password != nil { kinds.append("basic") }
        if let exec { kinds.append("exec \(exec.command)") }
        if let authProvider { kinds.append("auth-provider \(authProvider)") }
        return kinds
    }

    public var description: String { "\(name) (\(credentialKinds.isEmpty ? "no credentials" : credentialKinds.joined(separator: ", ")))" }

    /// A mirror without children, so `dump` shows only ``description``.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
