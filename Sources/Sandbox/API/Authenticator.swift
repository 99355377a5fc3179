import Foundation
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// Decides who sent a request: the common name of a client certificate that the TLS layer verified
/// against the Sandbox CA, or the user of a configured, unexpired bearer token. Either suffices, as with
/// kube-apiserver's union authenticator.
struct Authenticator: Sendable {
    let tokens: [BearerToken]
    let now: @Sendable () -> Date

    /// The user, or nil when the request is not authenticated.
    func user(channel: any Channel, authorization: String?) async -> String? {
        if let certificate = try? await channel.nioSSL_peerCertificate().get() {
            return Self.commonName(certificate) ?? "unnamed-client"
        }
        guard let authorization, authorization.lowercased().hasPrefix("bearer ") else { return nil }
        let presented = authorization.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let token = tokens.first(where: { $0.token == presented }) else { return nil }
        if let expires = token.expires, expires <= now() { return nil }
        return token.user
    }

    private static func commonName(_ certificate: NIOSSLCertificate) -> String? {
        guard let parsed = try? Certificate(derEncoded: certificate.toDERBytes()) else { return nil }
        for relativeName in parsed.subject {
            for attribute in relativeName where attribute.type == .RDNAttributeType.commonName {
                return attribute.value.description
            }
        }
        return nil
    }
}
