/// How HTTPS connections are verified and which client certificate they present.
///
/// The default verifies the server's certificate chain against the system trust store and checks that the
/// certificate matches the URL's host. Skipping verification must be chosen explicitly with
/// ``Verification/insecureSkipVerify``.
public struct TLSConfiguration: Sendable, Hashable {
    /// Whether the server's certificate is checked.
    public enum Verification: Sendable, Hashable {
        /// Verify the chain against the trust anchors and the host name against the certificate (the default).
        case full
        /// Accept any server certificate and host name (kubeconfig `insecure-skip-tls-verify: true`).
        case insecureSkipVerify
    }

    /// A client certificate with its private key, for mutual TLS.
    public struct ClientIdentity: Sendable, Hashable {
        /// The client certificate (PEM).
        public var certificate: PEMSource
        /// The matching private key (PEM, unencrypted).
        public var key: PEMSource

        /// Creates an identity from a certificate and its key.
        public init(certificate: PEMSource, key: PEMSource) {
            self.certificate = certificate
            self.key = key
        }
    }

    /// Trust anchors replacing the system store, or nil for the system store.
    public var certificateAuthority: PEMSource?
    /// The certificate presented to servers that ask for one, or nil.
    public var clientIdentity: ClientIdentity?
    /// Whether the server is verified; `.full` unless explicitly changed.
    public var verification: Verification
    /// The name sent as SNI and checked against the server certificate instead of the URL's host (kubeconfig
    /// `tls-server-name`), or nil to use the URL's host. The connection still goes to the URL's host and port,
    /// and the `Host` header still names the URL's host. Applies to `https` URLs only.
    public var serverName: String?

    /// Creates a configuration; by default the system store, no client certificate, full verification against
    /// the URL's host.
    public init(
        certificateAuthority: PEMSource? = nil, clientIdentity: ClientIdentity? = nil,
        verification: Verification = .full, serverName: String? = nil
    ) {
        self.certificateAuthority = certificateAuthority
        self.clientIdentity = clientIdentity
        self.verification = verification
        self.serverName = serverName
    }
}
