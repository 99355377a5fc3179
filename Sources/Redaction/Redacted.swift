import Foundation

/// Removes secrets from text that may reach logs, errors, status files or commit messages.
public enum Redacted {
    /// The placeholder that stands where a secret was.
    public static let mask = "REDACTED"

    /// Returns `url` with any user information and query string removed.
    ///
    /// `https://user:token@host/repo.git?x=1` becomes `https://REDACTED@host/repo.git`. The user information
    /// ends at the last `@` before the host (see ``URLUserInfo``), so a password holding `/ ? # : @`, raw or
    /// percent-encoded, is masked whole. Text without a scheme (`user:password@host:path`) has its password
    /// masked and its user kept, so a malformed URL still never carries its credentials.
    public static func url(_ url: String) -> String {
        guard url.range(of: "://") != nil else { return maskSCPPassword(in: url) }
        guard let info = URLUserInfo(url) else {
            let schemeEnd = url.range(of: "://")!.upperBound
            return String(url[..<schemeEnd]) + withoutQuery(url[schemeEnd...])
        }
        return String(info.prefix) + mask + "@" + withoutQuery(info.rest)
    }

    /// The password of `url`'s user information as written and percent-decoded (both must be scrubbed
    /// from messages); empty when it has none.
    public static func passwords(in url: String) -> [String] {
        guard let info = URLUserInfo(url), let password = info.password, !password.isEmpty else { return [] }
        let decoded = info.decodedPassword ?? String(password)
        return decoded == String(password) ? [decoded] : [String(password), decoded]
    }

    private static func withoutQuery(_ text: Substring) -> Substring {
        text[..<(text.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? text.endIndex)]
    }

    /// Masks the password of an scp-like `user:password@host:path`; one without a password is kept.
    private static func maskSCPPassword(in text: String) -> String {
        guard let info = URLUserInfo(text), info.password != nil else { return text }
        return String(info.prefix) + info.user + ":" + mask + "@" + info.rest
    }
}
