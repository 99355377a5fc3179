/// A certificate and its private key, both PEM (the key unencrypted PKCS #8).
public struct PEMIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The certificate, `-----BEGIN CERTIFICATE-----`.
    public var certificatePEM: String
    /// The private key, `-----BEGIN PRIVATE KEY-----`.
    public var keyPEM: String

    /// Creates an identity.
    public init(certificatePEM: String, keyPEM: String) {
        self.certificatePEM = certificatePEM
        self.keyPEM = keyPEM
    }

    /// Never shows the key.
    public var description: String { "PEMIdentity(certificate: \(certificatePEM.utf8.count) bytes, key: REDACTED)" }
}
