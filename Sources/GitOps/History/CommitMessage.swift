/// A commit message as iter8 writes and reads it: a one-line subject, an optional body, and git-style
/// trailers (`Key: value` lines in the last paragraph) kept as an ordered multi-map, so a status commit
/// covering several experiments can repeat `Iter8-Experiment`.
///
/// ``text`` is deterministic and ``parse(_:)`` reads it back: `parse(m.text).text == m.text`.
public struct CommitMessage: Sendable, Equatable, CustomStringConvertible {
    /// The first line.
    public var subject: String
    /// The paragraphs between the subject and the trailers; empty when there are none.
    public var body: String
    /// Trailers in order; keys may repeat.
    public var trailers: [(key: String, value: String)]

    /// Creates a message. Nothing is normalised here; ``text`` does that.
    public init(subject: String, body: String = "", trailers: [(key: String, value: String)] = []) {
        self.subject = subject
        self.body = body
        self.trailers = trailers
    }

    /// The message as committed: the subject, a blank line, the body if any, a blank line and the trailers
    /// as `Key: value` in the given order; ends with a newline and has no trailing spaces.
    ///
    /// The subject and trailer values become single lines (newlines turn into spaces), a key keeps only
    /// the characters a trailer token may have (others become `-`), and the body loses trailing blanks.
    public var text: String {
        var paragraphs = [Self.singleLine(subject)]
        let body = Self.normalisedBody(body)
        if !body.isEmpty { paragraphs.append(body) }
        if !trailers.isEmpty {
            paragraphs.append(trailers.map { Self.trailerLine(key: $0.key, value: $0.value) }.joined(separator: "\n"))
        }
        return paragraphs.joined(separator: "\n\n") + "\n"
    }

    /// ``text``.
    public var description: String { text }

    /// Every value of the trailer `key` (compared case-insensitively, as git does), in order.
    public func values(for key: String) -> [String] {
        let wanted = key.lowercased()
        return trailers.filter { $0.key.lowercased() == wanted }.map(\.value)
    }

    /// The first value of the trailer `key`, if present.
    public func value(for key: String) -> String? { values(for: key).first }

    /// Reads a message: the first paragraph is the subject (its lines joined by spaces), the last paragraph
    /// holds the trailers when every one of its lines is `Token: value`, and everything between is the body.
    /// CRLF and CR line ends are accepted.
    public static func parse(_ message: String) -> CommitMessage {
        let lines = unixLineEnds(message)
            .split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing(Substring($0)) }
        var paragraphs: [Range<Int>] = []
        var start: Int?
        for (index, line) in lines.enumerated() {
            if line.allSatisfy(\.isWhitespace) {
                if let first = start { paragraphs.append(first..<index) }
                start = nil
            } else if start == nil {
                start = index
            }
        }
        if let first = start { paragraphs.append(first..<lines.count) }
        guard let subjectRange = paragraphs.first else { return CommitMessage(subject: "") }
        let subject = lines[subjectRange].map { trimmedWhitespace(Substring($0)) }.joined(separator: " ")
        var bodyEnd = lines.count
        var trailers: [(key: String, value: String)] = []
        if paragraphs.count > 1, let last = paragraphs.last {
            let parsed = lines[last].compactMap(trailer(in:))
            if parsed.count == last.count {
                trailers = parsed
                bodyEnd = last.lowerBound
            }
        }
        let body = paragraphs.count > 1 ? lines[subjectRange.upperBound..<bodyEnd].joined(separator: "\n") : ""
        return CommitMessage(subject: subject, body: normalisedBody(body), trailers: trailers)
    }

    /// Equal subjects, bodies and trailers (in order).
    public static func == (lhs: CommitMessage, rhs: CommitMessage) -> Bool {
        lhs.subject == rhs.subject && lhs.body == rhs.body && lhs.trailers.count == rhs.trailers.count
            && zip(lhs.trailers, rhs.trailers).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    // MARK: - Formatting rules

    /// `key: value` for a trailer line, or nil when `line` is not one (a token of letters, digits and
    /// `-` starting with a letter or digit, a colon, then the value).
    static func trailer(in line: String) -> (key: String, value: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard let first = key.unicodeScalars.first, isTokenStart(first), key.unicodeScalars.allSatisfy(isToken) else {
            return nil
        }
        return (String(key), trimmedWhitespace(line[line.index(after: colon)...]))
    }

    private static func trailerLine(key: String, value: String) -> String {
        var token = String(String.UnicodeScalarView(key.unicodeScalars.map { isToken($0) ? $0 : "-" }))
        if let first = token.unicodeScalars.first, !isTokenStart(first) { token = "X" + token }
        if token.isEmpty { token = "X" }
        let value = singleLine(value)
        return value.isEmpty ? "\(token):" : "\(token): \(value)"
    }

    private static func normalisedBody(_ body: String) -> String {
        let lines = unixLineEnds(body)
            .split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing($0) }
        guard let first = lines.firstIndex(where: { !$0.isEmpty }), let last = lines.lastIndex(where: { !$0.isEmpty }) else {
            return ""
        }
        var kept: [String] = []
        for line in lines[first...last] where !(line.isEmpty && kept.last?.isEmpty == true) { kept.append(line) }
        return kept.joined(separator: "\n")
    }

    private static func trimTrailing(_ line: Substring) -> String {
        var line = line
        while let last = line.last, last.isWhitespace { line.removeLast() }
        return String(line)
    }

    private static func isTokenStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
    }

    private static func isToken(_ scalar: Unicode.Scalar) -> Bool { isTokenStart(scalar) || scalar == "-" }
}
