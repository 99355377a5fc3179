/// The type a scalar resolves to.
public enum YAMLScalarKind: Sendable, Hashable {
    /// `~`, `null`, `Null`, `NULL`, empty, or `!!null`.
    case null
    /// `true`/`false` in three spellings, or `!!bool`.
    case bool
    /// Decimal, `0o` octal or `0x` hexadecimal integer, or `!!int`.
    case int
    /// Decimal float, `.inf`, `.nan`, or `!!float`.
    case float
    /// Anything else, every quoted or block scalar, or `!!str`.
    case string
}
