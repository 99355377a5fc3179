import Foundation
@testable import GitOps
import Testing

@Suite("Commit message text is normalised as Foundation normalised it")
struct CommitMessageTextTests {
    /// Pieces of text: every ASCII byte, line ends, words, and non-ASCII spaces, newlines and marks (which go to
    /// Foundation).
    static let pieces: [String] = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) } + [
        "\r\n", "\r\n", "\n\n", "  ", "\t", " \t ", "iter8", "Iter8-Experiment", ": ", "a b", "reviews-v2", "\u{00A0}", "\u{2028}",
        "\u{2029}", "\u{3000}", "\u{0085}", "\u{200B}", "\u{1680}", "\u{FEFF}", "é", "e\u{0301}", "\r\u{0301}", "\n\u{0301}",
        " \u{0301}", "🙂", "\u{1F1E9}\u{1F1EA}",
    ]

    /// Seeded texts of up to 14 pieces (ASCII-only ones when `ascii`), and every ASCII byte alone, around a word and
    /// between line ends.
    static func texts(seed: UInt64, count: Int, ascii: Bool) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let usable = ascii ? pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : pieces
        var texts = (0..<0x80).flatMap { byte -> [String] in
            let b = String(UnicodeScalar(UInt8(byte)))
            return [b, " \(b) ", "x\(b)y", "\(b)x\(b)", "\r\(b)\n", "a\r\n\(b)\r\nb", "\t\(b)\t"]
        }
        texts += (0..<count).map { _ in (0..<next(15)).map { _ in usable[next(usable.count)] }.joined() }
        return texts
    }

    /// The mismatches between `fast` and `reference` over `texts`, with their bytes.
    static func mismatches(_ texts: [String], _ fast: (String) -> String, _ reference: (String) -> String) -> [String] {
        texts.compactMap { text in
            let got = fast(text), want = reference(text)
            return Array(got.utf8) == Array(want.utf8) ? nil : "\(Array(text.utf8)): \(Array(got.utf8)) vs \(Array(want.utf8))"
        }
    }

    @Test("trimmedWhitespace, unixLineEnds and singleLine against Foundation", arguments: [true, false])
    func helpers(ascii: Bool) {
        let texts = Self.texts(seed: ascii ? 1 : 2, count: 20_000, ascii: ascii)
        let trimmed = Self.mismatches(texts, { CommitMessage.trimmedWhitespace(Substring($0)) }) {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(trimmed.isEmpty, "\(trimmed.count) of \(texts.count): \(trimmed.prefix(3))")
        // A substring in the middle of a text, as the trailer parser passes.
        let inner = Self.mismatches(texts, { CommitMessage.trimmedWhitespace($0.dropFirst().dropLast()) }) {
            $0.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        }
        #expect(inner.isEmpty, "\(inner.count) of \(texts.count): \(inner.prefix(3))")
        let lineEnds = Self.mismatches(texts, CommitMessage.unixLineEnds) {
            $0.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        #expect(lineEnds.isEmpty, "\(lineEnds.count) of \(texts.count): \(lineEnds.prefix(3))")
        let single = Self.mismatches(texts, CommitMessage.singleLine, Reference.singleLine)
        #expect(single.isEmpty, "\(single.count) of \(texts.count): \(single.prefix(3))")
    }

    @Test("text and parse against the Foundation implementation", arguments: [true, false])
    func messages(ascii: Bool) {
        let texts = Self.texts(seed: ascii ? 3 : 4, count: 8_000, ascii: ascii)
        var found: [String] = []
        for (index, text) in texts.enumerated() {
            let message = CommitMessage(
                subject: text, body: texts[(index + 1) % texts.count],
                trailers: [("Iter8-Experiment", texts[(index + 2) % texts.count]), (text, "v2")])
            if Array(message.text.utf8) != Array(Reference.text(message).utf8) { found.append("text \(Array(text.utf8))") }
            let multiParagraph = text + "\n\n" + texts[(index + 1) % texts.count] + "\n\nKey: " + text
            for input in [text, multiParagraph, message.text] {
                let got = CommitMessage.parse(input), want = Reference.parse(input)
                if got != want { found.append("parse \(Array(input.utf8))") }
            }
        }
        #expect(found.isEmpty, "\(found.count) of \(texts.count * 4): \(found.prefix(3))")
    }
}

/// `CommitMessage`'s normalisation as it was before its ASCII fast paths: Foundation's `trimmingCharacters` and
/// `replacingOccurrences` throughout (the rest copied unchanged).
private enum Reference {
    static func text(_ message: CommitMessage) -> String {
        var paragraphs = [singleLine(message.subject)]
        let body = normalisedBody(message.body)
        if !body.isEmpty { paragraphs.append(body) }
        if !message.trailers.isEmpty {
            paragraphs.append(message.trailers.map { trailerLine(key: $0.key, value: $0.value) }.joined(separator: "\n"))
        }
        return paragraphs.joined(separator: "\n\n") + "\n"
    }

    static func parse(_ message: String) -> CommitMessage {
        let lines = message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
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
        let subject = lines[subjectRange].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
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

    static func trailer(in line: String) -> (key: String, value: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard let first = key.unicodeScalars.first, isTokenStart(first), key.unicodeScalars.allSatisfy(isToken) else {
            return nil
        }
        return (String(key), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    static func trailerLine(key: String, value: String) -> String {
        var token = String(String.UnicodeScalarView(key.unicodeScalars.map { isToken($0) ? $0 : "-" }))
        if let first = token.unicodeScalars.first, !isTokenStart(first) { token = "X" + token }
        if token.isEmpty { token = "X" }
        let value = singleLine(value)
        return value.isEmpty ? "\(token):" : "\(token): \(value)"
    }

    static func singleLine(_ text: String) -> String {
        text.split(omittingEmptySubsequences: true, whereSeparator: { $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }

    static func normalisedBody(_ body: String) -> String {
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing($0) }
        guard let first = lines.firstIndex(where: { !$0.isEmpty }), let last = lines.lastIndex(where: { !$0.isEmpty }) else {
            return ""
        }
        var kept: [String] = []
        for line in lines[first...last] where !(line.isEmpty && kept.last?.isEmpty == true) { kept.append(line) }
        return kept.joined(separator: "\n")
    }

    static func trimTrailing(_ line: Substring) -> String {
        var line = line
        while let last = line.last, last.isWhitespace { line.removeLast() }
        return String(line)
    }

    static func isTokenStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
    }

    static func isToken(_ scalar: Unicode.Scalar) -> Bool { isTokenStart(scalar) || scalar == "-" }
}
