/// A parsed (or synthesized) YAML node: a scalar, a sequence, or a mapping with its key order kept.
///
/// Aliases are already expanded, so an aliased node appears (with the anchor's marks) wherever it is used.
public struct YAMLNode: Sendable, Hashable {
    /// What the node holds.
    public enum Content: Sendable, Hashable {
        /// A scalar with its source style.
        case scalar(YAMLScalar)
        /// A sequence, in order.
        case sequence([YAMLNode])
        /// A mapping as ordered key/value pairs.
        case mapping([YAMLPair])
    }

    /// What the node holds.
    public var content: Content
    /// The explicit tag, resolved by libyaml (for example `tag:yaml.org,2002:str` for `!!str`); nil if none.
    public var tag: String?
    /// Where the node starts. For a scalar: its first character (a quote or `|` included), after any `&anchor` or
    /// `!tag`; for an expanded alias: the `*alias` token.
    public var mark: YAMLMark
    /// Where the node ends (exclusive).
    public var endMark: YAMLMark

    /// Creates a node; synthesized nodes default to `YAMLMark.synthesized`.
    public init(_ content: Content, tag: String? = nil, mark: YAMLMark = .synthesized, endMark: YAMLMark? = nil) {
        self.content = content
        self.tag = tag
        self.mark = mark
        self.endMark = endMark ?? mark
    }

    /// A synthesized scalar node.
    public static func scalar(_ value: String, style: YAMLScalarStyle = .plain, tag: String? = nil) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar(value: value, style: style)), tag: tag)
    }

    /// The UTF-8 byte range `[start, end)` of the node's source text; for a scalar this includes its quotes.
    public var sourceRange: Range<Int> { mark.offset..<max(mark.offset, endMark.offset) }

    /// The scalar, if this is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    /// The elements, if this is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let nodes) = content { return nodes }
        return nil
    }

    /// The pairs, if this is a mapping.
    public var mapping: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// How the scalar resolves under the YAML 1.2 core schema (honouring an explicit tag); nil for collections.
    public var scalarKind: YAMLScalarKind? {
        scalar.map { CoreSchema.kind(of: $0.value, style: $0.style, tag: tag) }
    }

    /// `true` for a scalar that resolves to null (`~`, `null`, empty, `!!null`).
    public var isNull: Bool { scalarKind == .null }

    /// The value of the first pair whose key is a scalar equal to `key`.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.value == key }?.value
    }

    /// The element at `index` of a sequence, or nil.
    public subscript(index: Int) -> YAMLNode? {
        guard let nodes = sequence, nodes.indices.contains(index) else { return nil }
        return nodes[index]
    }

    /// The node reached by following `path` from this node, or nil.
    public func node(at path: YAMLPath) -> YAMLNode? {
        var current = self
        for component in path.components {
            switch component {
            case .key(let key):
                guard let next = current[key] else { return nil }
                current = next
            case .index(let index):
                guard let next = current[index] else { return nil }
                current = next
            }
        }
        return current
    }

    /// Calls `body` for this node and every descendant (values and keys' values, depth first, in source order),
    /// with the path of each. Mapping keys themselves are not visited.
    public func forEachNode(path: YAMLPath = [], _ body: (YAMLPath, YAMLNode) throws -> Void) rethrows {
        try body(path, self)
        switch content {
        case .scalar:
            break
        case .sequence(let nodes):
            for (index, node) in nodes.enumerated() {
                try node.forEachNode(path: path.appending(.index(index)), body)
            }
        case .mapping(let pairs):
            for pair in pairs {
                guard let key = pair.key.scalar?.value else { continue }
                try pair.value.forEachNode(path: path.appending(.key(key)), body)
            }
        }
    }
}
