import Testing

@testable import GitOps

/// The report's Markdown escaping: plain ASCII takes a fast path that must give what the character-by-character way
/// gives, and everything else is escaped and joined onto one line.
@Suite struct MarkdownEscapingTests {
    /// The escaping as it was written first, character by character, for comparison.
    static func slowText(_ text: String) -> String {
        var out = ""
        for character in text.split(whereSeparator: \.isNewline).joined(separator: " ") {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    @Test(arguments: [
        "", "reviews-v2", "iter8-istio/mean-latency", "0.05", "a b", "a_b", "*bold*", "x|y", "#1", "<tag>", "[link]",
        "back\\slash", "`code`", "two\nlines", "\nleading", "trailing\n", "cr\r\nlf", "tab\there", "caf\u{e9}",
        "line\u{2028}separator", "next\u{85}line", "\u{7F}delete", "emoji \u{1F600}_",
    ])
    func textEscapesAsTheCharacterByCharacterWay(_ input: String) {
        #expect(Markdown.text(input) == Self.slowText(input), "\(input.debugDescription)")
    }

    @Test func rowsEscapePipesAndJoinLines() {
        #expect(Markdown.row(["a", "b|c", "`x|y`", "\\|kept", "one\ntwo"]) == "| a | b\\|c | `x\\|y` | \\|kept | one two |")
        #expect(Markdown.row(["plain", "0.97"]) == "| plain | 0.97 |")
    }
}
