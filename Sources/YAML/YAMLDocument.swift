/// One document of a YAML stream.
public struct YAMLDocument: Sendable, Hashable {
    /// The document's root node (a null scalar for an empty document).
    public var root: YAMLNode
    /// 0-based position of the document in its stream.
    public var index: Int
    /// Display name of the file the document came from, if given.
    public var file: String?
    /// The UTF-8 byte range of the document in the input (including any `---` / `...` markers).
    public var sourceRange: Range<Int>

    /// Creates a document.
    public init(root: YAMLNode, index: Int = 0, file: String? = nil, sourceRange: Range<Int> = 0..<0) {
        self.root = root
        self.index = index
        self.file = file
        self.sourceRange = sourceRange
    }

    /// The node at `path` from the root, or nil.
    public func node(at path: YAMLPath) -> YAMLNode? { root.node(at: path) }

    /// The node at `path`, or a `.pathNotFound` error naming the deepest node that exists.
    public func requireNode(at path: YAMLPath) throws -> YAMLNode {
        var current = root
        var walked = YAMLPath()
        for component in path.components {
            let next: YAMLNode?
            switch component {
            case .key(let key): next = current[key]
            case .index(let index): next = current[index]
            }
            guard let next else {
                let what: String
                switch component {
                case .key(let key): what = "no key \"\(key)\""
                case .index(let index): what = "no element [\(index)]"
                }
                throw YAMLError(
                    code: .pathNotFound, message: "\(what) in document \(index) (looking for \(path))", file: file,
                    mark: current.mark, path: walked.description)
            }
            current = next
            walked = walked.appending(component)
        }
        return current
    }
}
