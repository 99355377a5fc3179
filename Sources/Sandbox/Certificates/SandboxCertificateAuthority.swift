import Crypto
import Foundation
import SwiftASN1
import X509

/// The Sandbox's private certificate authority, made in process (swift-certificates, P-256 keys): it signs
/// the API server's certificate and every client certificate, so `iter8 sandbox` needs no openssl CLI.
public struct SandboxCertificateAuthority: Sendable {
    /// The CA certificate (PEM), the trust anchor written into kubeconfigs.
    public let certificatePEM: String
    private let certificate: Certificate
    private let privateKey: P256.Signing.PrivateKey
    private let validity: TimeInterval

    /// Creates a new CA named `commonName`, valid from an hour ago for `validity` seconds (default 1 year).
    ///
    /// - Throws: ``SandboxError`` (`certificate`) when signing or encoding fails.
    public init(commonName: String = "iter8-sandbox-ca", validity: TimeInterval = 365 * 86_400) throws {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let now = Date()
        do {
            let name = try DistinguishedName {
                OrganizationName("iter8 sandbox")
                CommonName(commonName)
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
                notValidBefore: now - 3600, notValidAfter: now + validity, issuer: name, subject: name,
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: publicKey)
                },
                issuerPrivateKey: Certificate.PrivateKey(key))
            self.certificatePEM = try certificate.serializeAsPEM().pemString
            self.certificate = certificate
        } catch {
            throw SandboxError(.certificate, "cannot create the Sandbox CA \"\(commonName)\"", cause: error)
        }
        self.privateKey = key
        self.validity = validity
    }

    /// Issues a TLS server certificate for `dnsNames` and `ipAddresses` (dotted IPv4 or IPv6 text).
    ///
    /// - Throws: ``SandboxError`` (`certificate`) for an unparsable IP address or a signing failure.
    public func issueServerCertificate(
        commonName: String = "iter8-sandbox-apiserver", dnsNames: [String] = ["localhost"],
        ipAddresses: [String] = ["127.0.0.1"]
    ) throws -> PEMIdentity {
        var names = dnsNames.map { GeneralName.dnsName($0) }
        for address in ipAddresses {
            guard let bytes = Self.addressBytes(address) else {
                throw SandboxError(.certificate, "\"\(address)\" is not an IP address for the server certificate")
            }
            names.append(.ipAddress(ASN1OctetString(contentBytes: bytes[...])))
        }
        return try issue(commonName: commonName, organizations: [], usage: .serverAuth, alternativeNames: names)
    }

    /// Issues a client certificate: Kubernetes reads the user from `commonName` and the groups from
    /// `organizations` (e.g. `system:masters`).
    ///
    /// - Throws: ``SandboxError`` (`certificate`) when signing fails.
    public func issueClientCertificate(commonName: String, organizations: [String] = []) throws -> PEMIdentity {
        try issue(commonName: commonName, organizations: organizations, usage: .clientAuth, alternativeNames: [])
    }

    private func issue(
        commonName: String, organizations: [String], usage: ExtendedKeyUsage.Usage, alternativeNames: [GeneralName]
    ) throws -> PEMIdentity {
        let key = P256.Signing.PrivateKey()
        let publicKey = Certificate.PublicKey(key.publicKey)
        let now = Date()
        do {
            let subject = try DistinguishedName {
                for organization in organizations { OrganizationName(organization) }
                CommonName(commonName)
            }
            let authorityKey = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            let issued = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
                notValidBefore: now - 3600, notValidAfter: now + validity, issuer: certificate.subject,
                subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                    try ExtendedKeyUsage([usage])
                    AuthorityKeyIdentifier(keyIdentifier: authorityKey)
                    if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
                },
                issuerPrivateKey: Certificate.PrivateKey(privateKey))
            return PEMIdentity(certificatePEM: try issued.serializeAsPEM().pemString, keyPEM: key.pemRepresentation)
        } catch {
            throw SandboxError(.certificate, "cannot issue a certificate for \"\(commonName)\"", cause: error)
        }
    }

    /// The 4 or 16 network-order bytes of an IP address.
    private static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}
