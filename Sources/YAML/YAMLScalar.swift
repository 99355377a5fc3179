/// A scalar's text (after unescaping and folding) and its source style.
public struct YAMLScalar: Sendable, Hashable {
    /// The scalar's value as libyaml produced it.
    public var value: String
    /// How the scalar was written.
    public var style: YAMLScalarStyle

    /// Creates a scalar.
    public init(value: String, style: YAMLScalarStyle = .plain) {
        self.value = value
        self.style = style
    }
}
