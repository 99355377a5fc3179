/// Turns parser events into documents: ordered mappings, expanded aliases, limits and duplicate keys enforced.
struct YAMLTreeBuilder {
    /// A finished node with its expanded size and collection height (a scalar has height 0).
    private struct Built {
        var node: YAMLNode
        var count: Int
        var height: Int
    }

    private struct Frame {
        var isMapping: Bool
        var tag: String?
        var anchor: String?
        var mark: YAMLMark
        var items: [YAMLNode] = []
        var pairs: [YAMLPair] = []
        var pendingKey: YAMLNode?
        var seenKeys: [String: YAMLMark] = [:]
        var count = 1
        var height = 1
    }

    private let limits: YAMLLimits
    private let file: String?
    private var translator: UTF8OffsetTranslator
    private let input: UnsafeBufferPointer<UInt8>
    private let baseOffset: Int
    private var stack: [Frame] = []
    private var anchors: [String: Built] = [:]
    private var expanded = 0
    private var root: Built?
    private var documentStart = 0
    private(set) var documents: [YAMLDocument] = []

    /// `input` (the bytes after any byte-order mark, at absolute `baseOffset`) must outlive the builder.
    init(limits: YAMLLimits, file: String?, input: UnsafeBufferPointer<UInt8>, baseOffset: Int) {
        self.limits = limits
        self.file = file
        self.input = input
        self.baseOffset = baseOffset
        self.translator = UTF8OffsetTranslator(input: input, baseOffset: baseOffset)
    }

    /// Feeds one event; returns false after the stream end.
    mutating func handle(_ event: ParserEvent) throws(YAMLError) -> Bool {
        let start = translator.mark(event.start)
        switch event.kind {
        case .streamStart:
            break
        case .streamEnd:
            return false
        case .documentStart:
            stack = []
            anchors = [:]
            root = nil
            documentStart = start.offset
        case .documentEnd:
            let end = translator.mark(event.end)
            let node = root?.node ?? YAMLNode.scalar("").located(start, start)
            documents.append(
                YAMLDocument(
                    root: node, index: documents.count, file: file,
                    sourceRange: documentStart..<max(documentStart, end.offset)))
        case .scalar(let value, let style):
            let end = translator.mark(event.end)
            var valueStart = start
            if event.anchor != nil || event.tag != nil {
                valueStart = SourceLocator.skipProperties(
                    from: start, in: input, baseOffset: baseOffset, limit: end.offset)
            }
            let node = YAMLNode(
                .scalar(YAMLScalar(value: value, style: style)), tag: event.tag, mark: valueStart, endMark: end)
            try complete(Built(node: node, count: 1, height: 0), anchor: event.anchor)
        case .alias(let name):
            guard var built = anchors[name] else {
                throw YAMLError(code: .undefinedAlias, message: "undefined alias *\(name)", file: file, mark: start)
            }
            expanded += built.count
            if expanded > limits.maxAliasExpansion {
                throw YAMLError(
                    code: .tooManyAliases,
                    message:
                        "alias expansion exceeds the limit of \(limits.maxAliasExpansion) nodes (at alias *\(name))",
                    file: file, mark: start)
            }
            try checkDepth(stack.count + built.height, at: start)
            built.node.mark = start
            built.node.endMark = translator.mark(event.end)
            try complete(built, anchor: nil)
        case .sequenceStart, .mappingStart:
            try checkDepth(stack.count + 1, at: start)
            var isMapping = false
            if case .mappingStart = event.kind { isMapping = true }
            stack.append(Frame(isMapping: isMapping, tag: event.tag, anchor: event.anchor, mark: start))
        case .sequenceEnd, .mappingEnd:
            guard let frame = stack.popLast() else {
                throw YAMLError(code: .syntax, message: "unbalanced collection end", file: file, mark: start)
            }
            let end = translator.mark(event.end)
            let content: YAMLNode.Content = frame.isMapping ? .mapping(frame.pairs) : .sequence(frame.items)
            let node = YAMLNode(content, tag: frame.tag, mark: frame.mark, endMark: end)
            try complete(Built(node: node, count: frame.count, height: frame.height), anchor: frame.anchor)
        }
        return true
    }

    private func checkDepth(_ depth: Int, at mark: YAMLMark) throws(YAMLError) {
        if depth > limits.maxDepth {
            throw YAMLError(
                code: .tooDeep, message: "collections nest deeper than the limit of \(limits.maxDepth)", file: file,
                mark: mark)
        }
    }

    private mutating func complete(_ built: Built, anchor: String?) throws(YAMLError) {
        if let anchor { anchors[anchor] = built }
        guard var frame = stack.popLast() else {
            root = built
            return
        }
        frame.count += built.count
        frame.height = max(frame.height, built.height + 1)
        if !frame.isMapping {
            frame.items.append(built.node)
        } else if let key = frame.pendingKey {
            frame.pairs.append(YAMLPair(key: key, value: built.node))
            frame.pendingKey = nil
        } else {
            if let text = built.node.scalar?.value {
                if let first = frame.seenKeys[text] {
                    throw YAMLError(
                        code: .duplicateKey, message: "duplicate key \"\(text)\" (first defined at \(first))",
                        file: file,
                        mark: built.node.mark, relatedMark: first)
                }
                frame.seenKeys[text] = built.node.mark
            }
            frame.pendingKey = built.node
        }
        stack.append(frame)
    }
}

extension YAMLNode {
    fileprivate func located(_ start: YAMLMark, _ end: YAMLMark) -> YAMLNode {
        var copy = self
        copy.mark = start
        copy.endMark = end
        return copy
    }
}
