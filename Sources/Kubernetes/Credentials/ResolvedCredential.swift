import Foundation
import HTTPTransport

/// The credential to attach to the next request: an `Authorization` header value and/or a client certificate.
struct ResolvedCredential: Sendable, Hashable, CustomStringConvertible {
    /// The `Authorization` header value (`Bearer …` or `Basic …`), or nil.
    var authorization: String?
    /// A client certificate from an exec plugin, replacing the connection's static one.
    var clientIdentity: TLSConfiguration.ClientIdentity?
    /// When to ask for a new one, or nil for "only after a 401".
    var expiration: Date?

    var description: String {
        "credential(authorization: \(authorization == nil ? "none" : "REDACTED"), client certificate: \(clientIdentity != nil))"
    }

    static let none = ResolvedCredential()
}
