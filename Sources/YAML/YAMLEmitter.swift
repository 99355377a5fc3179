/// Writes nodes as YAML text through libyaml's emitter: block style, 2-space indent, keys in node order.
///
/// Scalar styles are requests: libyaml quotes a scalar whose requested style cannot hold its text.
public enum YAMLEmitter {
    /// One document per node, separated by `---`; the output ends with a newline.
    public static func emit(_ documents: [YAMLNode]) throws -> String {
        let emitter = try LibYAMLEmitter()
        try emitter.streamStart()
        for document in documents {
            try emitter.documentStart()
            try emit(document, to: emitter)
            try emitter.documentEnd()
        }
        try emitter.streamEnd()
        return emitter.text
    }

    /// One document.
    public static func emit(_ document: YAMLNode) throws -> String {
        try emit([document])
    }

    private static func emit(_ node: YAMLNode, to emitter: LibYAMLEmitter) throws(YAMLError) {
        switch node.content {
        case .scalar(let scalar):
            try emitter.scalar(scalar.value, style: scalar.style, tag: node.tag)
        case .sequence(let nodes):
            try emitter.sequenceStart(tag: node.tag)
            for element in nodes { try emit(element, to: emitter) }
            try emitter.sequenceEnd()
        case .mapping(let pairs):
            try emitter.mappingStart(tag: node.tag)
            for pair in pairs {
                try emit(pair.key, to: emitter)
                try emit(pair.value, to: emitter)
            }
            try emitter.mappingEnd()
        }
    }
}
