import Foundation

/// The user information of a URL (`scheme://user:password@host/…`) or of an scp-like address
/// (`user:password@host:path`), found so that no password can hide from it.
///
/// RFC 3986 ends the user information at the `@` before the host. A password may hold `/ ? # : @` raw
/// (a hand-written URL) as well as percent-encoded, so the first `/`, `?` or `#` cannot be trusted to end
/// the authority. The user information is taken to end at the **last** `@` that is followed by something
/// that can be a host (no white space, none of `@ / ? # \ < > " { } | ^` and a backtick, up to the next
/// `/ ? #`) or that has no white space before it, whichever comes later (so a malformed host such as
/// `local host` cannot make an `@` inside the password look like the end). Erring this way can only mask
/// more than the user information (an `@` in a path or a query), never less.
public struct URLUserInfo: Sendable, Equatable {
    /// The text before the user information: `https://`, or empty for an scp-like address.
    public var prefix: Substring
    /// The user name as written (possibly percent-encoded).
    public var user: Substring
    /// The password as written (possibly percent-encoded); nil when there is no `:`.
    public var password: Substring?
    /// The text after the `@`: host, port, path, query and fragment.
    public var rest: Substring

    /// Finds the user information of `text`; nil when it has none.
    public init?(_ text: String) {
        let start: String.Index
        let hostEnds: Set<Character>
        if let schemeEnd = text.range(of: "://") {
            start = schemeEnd.upperBound
            hostEnds = ["/", "?", "#"]
        } else {
            start = text.startIndex
            hostEnds = ["/", "?", "#", ":"]
        }
        let body = text[start...]
        let ats = body.indices.filter { body[$0] == "@" }
        guard !ats.isEmpty else { return nil }
        func hostAfter(_ at: String.Index) -> Substring {
            let after = body[body.index(after: at)...]
            return after[..<(after.firstIndex(where: { hostEnds.contains($0) }) ?? after.endIndex)]
        }
        // An earlier `@` never wins over a later one that could end the user information: when the real host is
        // malformed (`@local host:99999`), the `@` inside the password must not be taken for the end.
        let chosen = ats.last(where: { at in
            Self.canBeHost(hostAfter(at)) || !body[..<at].contains(where: { $0.isWhitespace })
        })
        guard let at = chosen else { return nil }
        let info = body[..<at]
        prefix = text[..<start]
        rest = body[body.index(after: at)...]
        if let colon = info.firstIndex(of: ":") {
            user = info[..<colon]
            password = info[info.index(after: colon)...]
        } else {
            user = info
            password = nil
        }
    }

    /// The user name with percent-encoding removed.
    public var decodedUser: String { String(user).removingPercentEncoding ?? String(user) }
    /// The password with percent-encoding removed.
    public var decodedPassword: String? { password.map { String($0).removingPercentEncoding ?? String($0) } }

    /// The text with the password (and its `:`) removed and the user name kept: `https://user@host/…`.
    public var withoutPassword: String {
        String(prefix) + (user.isEmpty ? "" : user + "@") + rest
    }

    private static let forbiddenInHost: Set<Character> = ["@", "/", "?", "#", "\\", "<", ">", "\"", "{", "}", "|", "^", "`"]

    /// True when `text` can be a host with an optional port (a name, an IPv4 or a bracketed IPv6 literal).
    static func canBeHost(_ text: Substring) -> Bool {
        !text.isEmpty && !text.contains { $0.isWhitespace || forbiddenInHost.contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
    }
}
