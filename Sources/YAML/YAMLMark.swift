/// A position in YAML source text.
///
/// `line` and `column` are 1-based. `column` counts Unicode scalars (as libyaml does), so it matches what an
/// editor shows for non-ASCII text. `offset` is the 0-based UTF-8 byte offset into the input.
public struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column number, counted in Unicode scalars.
    public var column: Int
    /// 0-based UTF-8 byte offset into the parsed input.
    public var offset: Int

    /// Creates a mark.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The mark of synthesized nodes (built in code rather than parsed): line 0, column 0.
    public static let synthesized = YAMLMark(line: 0, column: 0, offset: 0)

    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    /// Orders marks by byte offset.
    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool { lhs.offset < rhs.offset }
}
