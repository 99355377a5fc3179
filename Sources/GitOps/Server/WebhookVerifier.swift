import Crypto
import Foundation

/// Authenticates and interprets `POST /webhook` requests from GitHub and GitLab. Pure: headers and body in,
/// a ``WebhookDecision`` out; the control server sends it and fires the poll trigger.
///
/// - GitHub: `X-GitHub-Event` (`push`, `ping`; others are ignored) and `X-Hub-Signature-256: sha256=<hex>`, the
///   HMAC-SHA256 of the raw body keyed with the secret. The body is JSON, or a form with a `payload` field.
/// - GitLab: `X-Gitlab-Event` (`Push Hook`; others are ignored) and `X-Gitlab-Token`, equal to the secret.
///
/// Authentication comes first, before anything in the body is looked at; comparisons take constant time.
/// What the headers alone decide — no provider, no or a malformed signature, a wrong GitLab token, a
/// `Content-Length` over the limit — ``precheck(headers:)`` decides before the body is read.
/// Messages never contain the secret, the signature or the token.
public struct WebhookVerifier: Sendable {
    /// The branch, secret and limits.
    public let configuration: WebhookConfiguration

    /// Creates a verifier.
    public init(configuration: WebhookConfiguration) {
        self.configuration = configuration
    }

    /// The refusal the headers alone (names in any case) call for, before any of the body is read, or nil when
    /// the body must be read: no GitHub or GitLab event header (400), a missing or malformed GitHub signature, a
    /// missing or wrong GitLab token, no secret while unsigned requests are not allowed (401), or a
    /// `Content-Length` over ``WebhookConfiguration/maxBodyBytes`` (413). A GitHub signature can only be checked
    /// against the body, so ``evaluate(headers:body:)`` still has the last word.
    public func precheck(headers: [String: String]) -> WebhookDecision? {
        let fields = Self.lowercased(headers)
        if let declared = fields["content-length"] {
            guard !declared.isEmpty, declared.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                return WebhookDecision(.malformed, status: 400, "Content-Length is not a number")
            }
            if UInt64(declared).map({ $0 > UInt64(configuration.maxBodyBytes) }) ?? true {  // nil: past UInt64
                return WebhookDecision(.tooLarge, status: 413, "body exceeds \(configuration.maxBodyBytes) bytes")
            }
        }
        guard let (provider, _) = Self.provider(fields) else { return Self.notAWebhook }
        return authenticate(provider, fields: fields, body: nil)
    }

    /// Decides what to answer to a request with `headers` (names in any case) and the raw `body`.
    public func evaluate(headers: [String: String], body: [UInt8]) -> WebhookDecision {
        guard body.count <= configuration.maxBodyBytes else {
            return WebhookDecision(.tooLarge, status: 413, "body exceeds \(configuration.maxBodyBytes) bytes")
        }
        let fields = Self.lowercased(headers)
        guard let (provider, event) = Self.provider(fields) else { return Self.notAWebhook }
        if let refusal = authenticate(provider, fields: fields, body: body) { return refusal }

        switch (provider, event) {
        case (.github, "ping"):
            return WebhookDecision(.ping, status: 200, "pong", provider: provider)
        case (.github, "push"), (.gitlab, "Push Hook"):
            return push(provider, body: body, contentType: fields["content-type"])
        default:
            return WebhookDecision(.ignored, status: 202, "event \(Self.printable(event)) ignored", provider: provider)
        }
    }

    /// `sha256=<hex>`: the `X-Hub-Signature-256` value GitHub sends for `body` signed with `secret`.
    public static func githubSignature(of body: [UInt8], secret: WebhookSecret) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: secret.bytes))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    private static func lowercased(_ headers: [String: String]) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in headers { fields[name.lowercased()] = value }
        return fields
    }

    /// The provider and event named by the headers, or nil for a request that names neither.
    private static func provider(_ fields: [String: String]) -> (WebhookDecision.Provider, String)? {
        if let github = fields["x-github-event"] { return (.github, github) }
        if let gitlab = fields["x-gitlab-event"] { return (.gitlab, gitlab) }
        return nil
    }

    private static let notAWebhook = WebhookDecision(
        .malformed, status: 400, "not a GitHub or GitLab webhook: no X-GitHub-Event or X-Gitlab-Event header")

    /// Nil when the request proves it knows the secret (or unsigned requests are allowed), else a 401. Without a
    /// `body` (the headers only) a well-formed GitHub signature passes: it can only be checked against the body.
    private func authenticate(
        _ provider: WebhookDecision.Provider, fields: [String: String], body: [UInt8]?
    ) -> WebhookDecision? {
        func refuse(_ message: String) -> WebhookDecision {
            WebhookDecision(.unauthorized, status: 401, message, provider: provider)
        }
        guard let secret = configuration.secret, !secret.isEmpty else {
            return configuration.allowUnsigned
                ? nil : refuse("no webhook secret is configured and unsigned requests are not allowed")
        }
        switch provider {
        case .github:
            guard let header = fields["x-hub-signature-256"] else { return refuse("missing X-Hub-Signature-256") }
            guard header.hasPrefix("sha256="), let code = Self.hexBytes(header.dropFirst("sha256=".count)),
                code.count == SHA256.byteCount
            else {
                return refuse("X-Hub-Signature-256 is not sha256=<64 hex digits>")
            }
            guard let body else { return nil }
            let valid = HMAC<SHA256>.isValidAuthenticationCode(
                code, authenticating: body, using: SymmetricKey(data: secret.bytes))
            return valid ? nil : refuse("X-Hub-Signature-256 does not match the body")
        case .gitlab:
            guard let token = fields["x-gitlab-token"] else { return refuse("missing X-Gitlab-Token") }
            return Self.constantTimeEqual(Array(token.utf8), secret.bytes) ? nil : refuse("X-Gitlab-Token does not match")
        }
    }

    /// The decision for an authenticated push event.
    private func push(_ provider: WebhookDecision.Provider, body: [UInt8], contentType: String?) -> WebhookDecision {
        func malformed(_ message: String) -> WebhookDecision {
            WebhookDecision(.malformed, status: 400, message, provider: provider)
        }
        var json = Data(body)
        if provider == .github, contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            guard let payload = Self.formField("payload", in: body) else { return malformed("form body has no payload field") }
            json = Data(payload.utf8)
        }
        let payload: PushPayload
        do {
            payload = try JSONDecoder().decode(PushPayload.self, from: json)
        } catch {
            return malformed("payload is not a JSON object with a string \"ref\"")
        }
        guard let ref = payload.ref else { return malformed("payload has no \"ref\"") }
        let watched = "refs/heads/\(configuration.branch)"
        guard ref == watched else {
            return WebhookDecision(
                .ignored, status: 202, "push to \(Self.printable(ref)) ignored: watching \(watched)", provider: provider)
        }
        var reason = "\(provider.rawValue) push to \(configuration.branch)"
        if let after = payload.after, !after.isEmpty, after.count <= 64, Self.hexBytes(Substring(after)) != nil {
            reason += " (\(after.prefix(12)))"
        }
        return WebhookDecision(.accepted, status: 202, "accepted: \(reason)", provider: provider, triggerReason: reason)
    }

    /// The fields of a push payload the verifier reads (GitHub and GitLab agree on these).
    private struct PushPayload: Decodable {
        var ref: String?
        var after: String?
    }

    /// Compares in time that depends only on the lengths' digests, not on where the bytes differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let left = Array(SHA256.hash(data: a)), right = Array(SHA256.hash(data: b))
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// Decodes an even number of hex digits, or nil.
    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The percent-decoded value of `name` in an `application/x-www-form-urlencoded` body.
    private static func formField(_ name: String, in body: [UInt8]) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    /// `text` for a message: printable ASCII only, at most 200 characters, in quotes.
    static func printable(_ text: String) -> String {
        let cleaned = text.unicodeScalars.prefix(200).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }
        return "\"" + String(cleaned) + (text.unicodeScalars.count > 200 ? "…" : "") + "\""
    }
}
