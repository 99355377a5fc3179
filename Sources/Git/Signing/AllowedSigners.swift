import Foundation

/// The keys trusted to sign commits, in OpenSSH's allowed-signers format (`ssh-keygen(1)`, ALLOWED SIGNERS), the
/// file git's `gpg.ssh.allowedSignersFile` names:
///
/// ```
/// # principals [options] keytype base64-key [comment]
/// alice@example.com ssh-ed25519 AAAAC3Nza…
/// iter8@acme.io,bot@acme.io namespaces="git" ssh-ed25519 AAAAC3Nza… iter8 service
/// ```
///
/// Options: `namespaces="git,…"` (the key is trusted only for those), `valid-after="YYYYMMDD[HHMM[SS]][Z]"` and
/// `valid-before=…` (checked against the commit's committer time, as git passes it; UTC when the time ends in `Z`,
/// otherwise the process's time zone). Lines with `cert-authority` (trust in a certificate authority) are not
/// supported and refused when the file is read. A signature is accepted when its key is on a line whose namespaces
/// allow `git` and whose validity covers the time; the line's principals are reported, not matched.
public struct AllowedSigners: Sendable, Hashable {
    /// One line of the file.
    public struct Entry: Sendable, Hashable {
        /// The principals, as written (comma-separated patterns).
        public var principals: String
        /// The key.
        public var key: SSHPublicKey
        /// The namespace patterns the key is limited to; nil when any.
        public var namespaces: [String]?
        /// The key is trusted from this moment on.
        public var validAfter: Date?
        /// The key is trusted until this moment.
        public var validBefore: Date?
    }

    /// Every line, in file order.
    public var entries: [Entry]

    /// Parses the file's text; a line that cannot be used is an error naming its number.
    public init(text: String, timeZone: TimeZone = .current) throws(SigningError) {
        var entries: [Entry] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                entries.append(try Self.entry(line, timeZone: timeZone))
            } catch {
                throw SigningError(error.code, "allowed signers line \(index + 1): \(error.message)")
            }
        }
        self.entries = entries
    }

    /// Reads the file at `path`.
    public init(contentsOfFile path: String) throws(SigningError) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SigningError(.malformed, "cannot read the allowed signers file \(path)")
        }
        try self.init(text: text)
    }

    /// The entry trusting `key` in `namespace` at `time`; nil when none does.
    public func entry(for key: SSHPublicKey, namespace: String, at time: Date) -> Entry? {
        entries.first { entry in
            entry.key == key
                && (entry.namespaces.map { $0.contains { Self.matches(pattern: $0, namespace) } } ?? true)
                && (entry.validAfter.map { time >= $0 } ?? true) && (entry.validBefore.map { time <= $0 } ?? true)
        }
    }

    static func entry(_ line: String, timeZone: TimeZone) throws(SigningError) -> Entry {
        let tokens = tokenize(line)
        guard tokens.count >= 3 else { throw SigningError(.malformed, "expected principals, a key type and a key") }
        var index = 1
        var options: [String] = []
        if !isKeyType(tokens[1]) {
            options = splitOptions(tokens[1])
            index = 2
        }
        guard tokens.count > index + 1 else { throw SigningError(.malformed, "no key after the options") }
        let key = try SSHPublicKey(openSSH: tokens[index] + " " + tokens[index + 1])
        var entry = Entry(principals: unquote(tokens[0]), key: key)
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0].lowercased(), value = parts.count == 2 ? unquote(parts[1]) : nil
            switch (name, value) {
            case ("namespaces", let value?): entry.namespaces = value.split(separator: ",").map(String.init)
            case ("valid-after", let value?): entry.validAfter = try time(value, timeZone: timeZone)
            case ("valid-before", let value?): entry.validBefore = try time(value, timeZone: timeZone)
            case ("cert-authority", nil):
                throw SigningError(.unsupportedKey, "cert-authority (SSH certificates) is not supported; list the keys themselves")
            default: throw SigningError(.malformed, "unknown option '\(option)'")
            }
        }
        return entry
    }

    static func isKeyType(_ token: String) -> Bool {
        token.hasPrefix("ssh-") || token.hasPrefix("ecdsa-sha2-") || token.hasPrefix("sk-")
    }

    /// Splits on unquoted whitespace, keeping quotes in the tokens.
    static func tokenize(_ line: String) -> [String] {
        var tokens: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character.isWhitespace && !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Splits an options field on unquoted commas.
    static func splitOptions(_ field: String) -> [String] {
        var options: [String] = [], current = "", quoted = false
        for character in field {
            if character == "\"" { quoted.toggle() }
            if character == "," && !quoted {
                options.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { options.append(current) }
        return options
    }

    static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }

    /// `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, optionally ending in `Z` (UTC).
    static func time(_ text: String, timeZone: TimeZone) throws(SigningError) -> Date {
        let utc = text.hasSuffix("Z") || text.hasSuffix("z")
        let digits = utc ? String(text.dropLast()) : text
        guard [8, 12, 14].contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw SigningError(.malformed, "'\(text)' is not a time (YYYYMMDD[HHMM[SS]][Z])")
        }
        let number = { (from: Int, count: Int) -> Int in
            Int(digits.dropFirst(from).prefix(count)) ?? 0
        }
        var parts = DateComponents()
        parts.year = number(0, 4)
        parts.month = number(4, 2)
        parts.day = number(6, 2)
        parts.hour = digits.count >= 12 ? number(8, 2) : 0
        parts.minute = digits.count >= 12 ? number(10, 2) : 0
        parts.second = digits.count == 14 ? number(12, 2) : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc ? TimeZone(identifier: "UTC")! : timeZone
        guard let date = calendar.date(from: parts) else { throw SigningError(.malformed, "'\(text)' is not a valid time") }
        return date
    }

    /// A namespace pattern: `*` any run, `?` one character (OpenSSH's `match_pattern`).
    static func matches(pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == t.count }
            if p[i] == "*" { return (j...t.count).contains { match(i + 1, $0) } }
            return j < t.count && (p[i] == "?" || p[i] == t[j]) && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}

extension AllowedSigners.Entry {
    init(principals: String, key: SSHPublicKey) {
        self.init(principals: principals, key: key, namespaces: nil, validAfter: nil, validBefore: nil)
    }
}
