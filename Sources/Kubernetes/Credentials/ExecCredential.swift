import Foundation

/// What an exec credential plugin returned (`ExecCredential.status`). The `description` never shows secrets.
struct ExecCredential: Sendable, Hashable, CustomStringConvertible {
    /// `status.token`.
    var token: String?
    /// `status.clientCertificateData`: PEM text.
    var clientCertificateData: String?
    /// `status.clientKeyData`: PEM text.
    var clientKeyData: String?
    /// `status.expirationTimestamp`, or nil for "valid until a 401".
    var expiration: Date?

    var description: String {
        "ExecCredential(token: \(token == nil ? "none" : "REDACTED"), client certificate: \(clientCertificateData != nil), "
            + "expires: \(expiration.map { "\($0)" } ?? "never"))"
    }

    /// Parses a plugin's standard output.
    ///
    /// The output is never quoted in errors: it may hold a token.
    static func parse(_ output: Data, plugin: ExecCredentialPlugin) throws -> ExecCredential {
        let fail = { (why: String) in
            KubeError(code: .configuration, message: "exec plugin \(plugin.command): \(why)")
        }
        guard let json = try? JSONValue.parse(output) else {
            throw fail("its output (\(output.count) bytes) is not ExecCredential JSON")
        }
        guard json["kind"]?.stringValue == "ExecCredential" else {
            throw fail("its output has kind \"\(json["kind"]?.stringValue ?? "")\", expected ExecCredential")
        }
        let apiVersion = json["apiVersion"]?.stringValue ?? ""
        guard apiVersion == plugin.apiVersion else {
            throw fail("it returned apiVersion \"\(apiVersion)\" but is configured for \"\(plugin.apiVersion)\"")
        }
        guard let status = json["status"]?.objectValue else { throw fail("its ExecCredential has no status") }
        func string(_ key: String) -> String? { status[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
        var credential = ExecCredential(
            token: string("token"), clientCertificateData: string("clientCertificateData"),
            clientKeyData: string("clientKeyData"))
        if (credential.clientCertificateData == nil) != (credential.clientKeyData == nil) {
            throw fail("its ExecCredential has only one of clientCertificateData and clientKeyData")
        }
        if credential.token == nil && credential.clientCertificateData == nil {
            throw fail("its ExecCredential status has neither a token nor a client certificate")
        }
        if let text = string("expirationTimestamp") {
            guard let date = Self.parseTimestamp(text) else {
                throw fail("its expirationTimestamp \"\(text)\" is not an RFC 3339 time")
            }
            credential.expiration = date
        }
        return credential
    }

    static func parseTimestamp(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
