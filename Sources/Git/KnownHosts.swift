import Foundation

/// An OpenSSH `known_hosts` file, used to decide whether an SSH server's host key is trusted.
///
/// Understands plain host patterns (comma-separated, `*` and `?` wildcards, `!` negation, case-insensitive),
/// `[host]:port` for servers not on port 22, hashed entries (`|1|salt|hmac-sha1`), comments and the
/// `@revoked` marker. `@cert-authority` lines are kept but never match (certificates are not supported).
/// Lines that do not parse are ignored, as OpenSSH does, and listed in ``skippedLines``.
public struct KnownHosts: Sendable {
    /// One usable line of the file.
    public struct Entry: Sendable, Hashable {
        /// A line's leading marker.
        public enum Marker: String, Sendable, Hashable {
            /// `@revoked`: this key must never be accepted.
            case revoked = "@revoked"
            /// `@cert-authority`: a CA key for host certificates (not supported; never matches).
            case certAuthority = "@cert-authority"
        }
        /// The marker, if the line had one.
        public var marker: Marker?
        /// The host field: comma-separated patterns or one `|1|salt|hash` entry.
        public var hosts: String
        /// The key type, e.g. `ssh-ed25519`.
        public var keyType: String
        /// The public key blob (the base64-decoded third field).
        public var key: Data
        /// The 1-based line number.
        public var line: Int
    }

    /// What a known_hosts file says about a server's key.
    public enum Verdict: Sendable, Hashable {
        /// The host is listed with exactly this key.
        case trusted
        /// The host is not listed at all.
        case unknownHost
        /// The host is listed, but with other keys (or this key is revoked).
        case mismatch
    }

    /// The usable entries, in file order.
    public let entries: [Entry]
    /// Line numbers (1-based) that were not understood and are ignored.
    public let skippedLines: [Int]

    /// Parses the text of a known_hosts file.
    public init(contents: String) {
        var entries: [Entry] = []
        var skipped: [Int] = []
        for (index, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var marker: Entry.Marker?
            if let first = fields.first, first.hasPrefix("@") {
                marker = Entry.Marker(rawValue: first)
                if marker == nil { skipped.append(index + 1); continue }
                fields.removeFirst()
            }
            guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else {
                skipped.append(index + 1)
                continue
            }
            entries.append(Entry(marker: marker, hosts: fields[0], keyType: fields[1], key: key, line: index + 1))
        }
        self.entries = entries
        self.skippedLines = skipped
    }

    /// Reads and parses the file at `path`.
    public init(path: String) throws {
        try self.init(contents: String(contentsOfFile: path, encoding: .utf8))
    }

    /// Decides whether `key` (the server's raw public key blob) is the right key for `host` on `port`.
    public func verify(host: String, port: Int = 22, key: Data) -> Verdict {
        let name = Self.lookupName(host: host, port: port)
        let matching = entries.filter { Self.matches(hostField: $0.hosts, name: name) }
        if matching.contains(where: { $0.marker == .revoked && $0.key == key }) { return .mismatch }
        let plain = matching.filter { $0.marker == nil }
        if plain.isEmpty { return .unknownHost }
        return plain.contains(where: { $0.key == key }) ? .trusted : .mismatch
    }

    /// The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise.
    public static func lookupName(host: String, port: Int) -> String {
        port == 22 ? host.lowercased() : "[\(host.lowercased())]:\(port)"
    }

    /// True when a host field (patterns or a hashed entry) matches `name`.
    static func matches(hostField: String, name: String) -> Bool {
        if hostField.hasPrefix("|1|") {
            let parts = hostField.split(separator: "|", omittingEmptySubsequences: true)
            guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])),
                let expected = Data(base64Encoded: String(parts[2]))
            else { return false }
            return Data(SHA1.hmac(key: Array(salt), message: Array(name.utf8))) == expected
        }
        var matched = false
        for pattern in hostField.split(separator: ",").map({ String($0).lowercased() }) {
            if pattern.hasPrefix("!") {
                if wildcardMatch(Array(pattern.dropFirst()), Array(name)) { return false }
            } else if wildcardMatch(Array(pattern), Array(name)) {
                matched = true
            }
        }
        return matched
    }

    /// Glob matching with `*` (any run) and `?` (one character).
    static func wildcardMatch(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
