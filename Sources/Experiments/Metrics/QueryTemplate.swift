/// A PromQL template with `$name` / `${name}` placeholders, rendered strictly: every placeholder must have
/// a value. `$$` stands for a literal `$`, and so does a `$` that is not followed by a name or `{`.
///
/// iter8 used Python's safe substitution, which left unknown placeholders in the query and sent them to
/// Prometheus; here an unknown placeholder is an error that names it.
public struct QueryTemplate: Hashable, Sendable, CustomStringConvertible {
    /// The template text.
    public let text: String
    /// The text parsed once: a template is rendered for every version of every experiment at every pass.
    private let parsed: Result<[Piece], RenderError>

    /// Creates a template.
    public init(_ text: String) {
        self.text = text
        parsed = Result { () throws(RenderError) in try Self.parse(text) }
    }

    public static func == (lhs: QueryTemplate, rhs: QueryTemplate) -> Bool { lhs.text == rhs.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    public var description: String { text }

    /// A piece of a parsed template.
    enum Piece: Equatable, Sendable {
        case literal(String)
        case placeholder(String)
    }

    /// Why a template cannot be rendered.
    public struct RenderError: Error, Hashable, Sendable, CustomStringConvertible {
        /// Placeholders without a value, in order of appearance.
        public var unknown: [String]
        /// Malformed placeholder syntax, if any (e.g. `${name` or a lone `$`).
        public var malformed: String?

        /// Creates an error.
        public init(unknown: [String], malformed: String?) {
            self.unknown = unknown
            self.malformed = malformed
        }

        public var description: String {
            if let malformed { return "malformed placeholder: \(malformed)" }
            return "unknown placeholder\(unknown.count == 1 ? "" : "s") \(unknown.map { "$" + $0 }.joined(separator: ", "))"
                + " (known: $name, $elapsedTime and the version's variables)"
        }
    }

    /// The placeholders the template uses, in order of first appearance.
    public func placeholders() throws(RenderError) -> [String] {
        var seen: [String] = []
        for case .placeholder(let name) in try pieces() where !seen.contains(name) { seen.append(name) }
        return seen
    }

    /// The placeholders `names` has no value for, in order of first appearance: what ``render(_:)`` would name,
    /// without building the query. Empty for malformed text (``render(_:)`` reports that).
    public func unknownPlaceholders(_ names: Set<String>) -> [String] {
        guard case .success(let pieces) = parsed else { return [] }
        var unknown: [String] = []
        for case .placeholder(let name) in pieces where !names.contains(name) && !unknown.contains(name) {
            unknown.append(name)
        }
        return unknown
    }

    /// Substitutes `values` for the placeholders.
    ///
    /// - Throws: ``RenderError`` naming every placeholder without a value, or the malformed syntax.
    public func render(_ values: [String: String]) throws(RenderError) -> String {
        var output = ""
        var unknown: [String] = []
        for piece in try pieces() {
            switch piece {
            case .literal(let text): output += text
            case .placeholder(let name):
                if let value = values[name] { output += value } else if !unknown.contains(name) { unknown.append(name) }
            }
        }
        guard unknown.isEmpty else { throw RenderError(unknown: unknown, malformed: nil) }
        return output
    }

    func pieces() throws(RenderError) -> [Piece] { try parsed.get() }

    static func parse(_ text: String) throws(RenderError) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        func isStart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c == "_") }
        func isPart(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while index < text.endIndex {
            let c = text[index]
            guard c == "$" else {
                literal.append(c)
                index = text.index(after: index)
                continue
            }
            let next = text.index(after: index)
            if next < text.endIndex, text[next] == "$" {
                literal.append("$")
                index = text.index(after: next)
            } else if next < text.endIndex, text[next] == "{" {
                let nameStart = text.index(after: next)
                guard let close = text[nameStart...].firstIndex(of: "}"), close > nameStart,
                    isStart(text[nameStart]), text[nameStart..<close].allSatisfy(isPart)
                else {
                    throw RenderError(unknown: [], malformed: String(text[index...].prefix(20)))
                }
                pieces.append(.literal(literal))
                literal = ""
                pieces.append(.placeholder(String(text[nameStart..<close])))
                index = text.index(after: close)
            } else if next < text.endIndex, isStart(text[next]) {
                let end = text[next...].firstIndex { !isPart($0) } ?? text.endIndex
                pieces.append(.literal(literal))
                literal = ""
                pieces.append(.placeholder(String(text[next..<end])))
                index = end
            } else {
                literal.append("$")  // a `$` before anything but a name or `{` is not a placeholder (e.g. a regex anchor)
                index = next
            }
        }
        pieces.append(.literal(literal))
        return pieces.filter { $0 != .literal("") }
    }
}
