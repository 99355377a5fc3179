/// Bounds that turn hostile or accidental huge input into a `YAMLError` instead of a crash or a hang.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest accepted input in bytes (default 1 MiB); larger input fails with `.tooLarge` before parsing.
    public var maxInputBytes: Int
    /// Deepest accepted nesting of collections (default 64), counting the depth that aliases add.
    public var maxDepth: Int
    /// Most nodes that alias expansion may add to a stream (default 10,000): stops "billion laughs".
    public var maxAliasExpansion: Int

    /// Creates limits; the defaults suit hand-written Kubernetes and iter8 files.
    public init(maxInputBytes: Int = 1 << 20, maxDepth: Int = 64, maxAliasExpansion: Int = 10_000) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
    }

    /// The default limits.
    public static let `default` = YAMLLimits()
}
