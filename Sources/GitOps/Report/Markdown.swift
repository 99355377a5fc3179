/// Escaping for the Markdown the report writes (GitHub-flavoured).
enum Markdown {
    /// `text` as a code span, with a fence longer than any backtick run inside it.
    static func code(_ text: String) -> String {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// `text` as inline prose: Markdown punctuation escaped, newlines turned into spaces.
    static func text(_ text: String) -> String {
        if isPlain(text, also: "\\`*_[]<>|#") { return text }  // most names and numbers: nothing to escape
        var out = ""
        for character in singleLine(text) {
            if "\\`*_[]<>|#".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// A table row from its cells (already Markdown); pipes inside code spans are escaped too, as GitHub
    /// requires.
    static func row(_ cells: [String]) -> String {
        "| " + cells.map { singleLine($0).replacingPipes() }.joined(separator: " | ") + " |"
    }

    /// A table's header and separator rows.
    static func header(_ titles: [String], alignRight: Set<Int> = []) -> String {
        row(titles) + "\n|" + titles.indices.map { alignRight.contains($0) ? "---:|" : "---|" }.joined()
    }

    private static func singleLine(_ text: String) -> String {
        if isPlain(text, also: "") { return text }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// True when `text` is printable ASCII without any of `special`: no newline (of any kind) and nothing to escape.
    /// A fast path only: a false answer sends the text the character-by-character way.
    static func isPlain(_ text: String, also special: StaticString) -> Bool {
        let specials = UnsafeBufferPointer(start: special.utf8Start, count: special.utf8CodeUnitCount)
        return text.utf8.allSatisfy { byte in byte >= 0x20 && byte < 0x7F && !specials.contains(byte) }
    }
}

private extension String {
    /// Every `|` not already escaped becomes `\|`.
    func replacingPipes() -> String {
        guard utf8.contains(UInt8(ascii: "|")) else { return self }
        var out = "", previous: Character?
        for character in self {
            if character == "|" && previous != "\\" { out.append("\\") }
            out.append(character)
            previous = character
        }
        return out
    }
}
