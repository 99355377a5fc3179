import Foundation

/// Removes secrets from text that may reach logs, errors, status files or commit messages.
public enum Redacted {
    /// The placeholder that stands where a secret was.
    public static let mask = "REDACTED"

    /// Returns `url` with any user information and query string removed.
    ///
    /// `https://user:token@host/repo.git?x=1` becomes `https://REDACTED@host/repo.git`. Text that does
    /// not parse as a URL with a scheme is returned with everything between `//` and the last `@`
    /// before the host masked, so a malformed URL still never carries its credentials.
    public static func url(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return maskUserInfo(in: url) }
        let scheme = url[..<schemeEnd.lowerBound]
        var rest = url[schemeEnd.upperBound...]
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            rest = rest[..<query]
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        guard let at = authority.lastIndex(of: "@") else { return "\(scheme)://\(rest)" }
        let host = authority[authority.index(after: at)...]
        return "\(scheme)://\(mask)@\(host)\(path)"
    }

    /// Masks an scp-like `user@host:path` prefix's user only when it carries a password-like part.
    private static func maskUserInfo(in text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let colon = text[..<at].firstIndex(of: ":") else { return text }
        return text[..<colon] + ":" + mask + text[at...]
    }
}
