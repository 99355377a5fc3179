/// How a scalar is written in the source.
public enum YAMLScalarStyle: Sendable, Hashable {
    /// Unquoted; resolved by the core schema.
    case plain
    /// `'…'`.
    case singleQuoted
    /// `"…"`.
    case doubleQuoted
    /// `|` block.
    case literal
    /// `>` block.
    case folded

    /// `true` for every style but `plain`: such scalars are always strings unless explicitly tagged.
    public var isQuotedOrBlock: Bool { self != .plain }
}
