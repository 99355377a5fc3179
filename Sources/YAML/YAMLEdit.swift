/// One scalar replacement for `YAMLEditor`: the node at `path` gets `newText` as its source text.
public struct YAMLEdit: Sendable, Hashable {
    /// The path of the scalar to replace, from the document root.
    public var path: YAMLPath
    /// The new source text, inserted verbatim (quote it yourself if it must be a quoted scalar).
    public var newText: String

    /// Replaces the scalar at `path` with `newText`.
    public init(path: YAMLPath, newText: String) {
        self.path = path
        self.newText = newText
    }

    /// Replaces the scalar at `path` with a plain integer.
    public init(path: YAMLPath, integer: Int) {
        self.init(path: path, newText: String(integer))
    }
}
