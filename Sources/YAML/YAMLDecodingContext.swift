/// State shared by every decoder and container of one decode: options, the file, and which keys were read.
final class YAMLDecodingContext {
    let file: String?
    let userInfo: [CodingUserInfoKey: any Sendable]
    /// For each mapping opened as a keyed container (by path): the keys the model looked at.
    private(set) var accessedKeys: [YAMLPath: Set<String>] = [:]

    init(file: String?, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.file = file
        self.userInfo = userInfo
    }

    /// Records that the mapping at `path` was opened as a keyed container.
    func openMapping(at path: YAMLPath) {
        if accessedKeys[path] == nil { accessedKeys[path] = [] }
    }

    /// Records that the model looked at `key` of the mapping at `path`.
    func access(_ key: String, inMappingAt path: YAMLPath) {
        accessedKeys[path, default: []].insert(key)
    }

    /// `true` when the model looked at `key` of the mapping at `path`.
    func wasAccessed(_ key: String, inMappingAt path: YAMLPath) -> Bool {
        accessedKeys[path]?.contains(key) ?? false
    }

    /// Every key of an opened mapping that the model never looked at, in document order.
    ///
    /// Mappings that were never opened (consumed as raw `YAMLNode`, or under an unknown key) are not searched.
    /// Mappings on `incompletePath` (the path of a decoding error) were abandoned half-way, so their own keys
    /// are not reported, but their finished children are.
    func unknownFields(in root: YAMLNode, incompletePath: YAMLPath?) -> [YAMLError] {
        var found: [YAMLError] = []
        collect(root, path: YAMLPath(), incompletePath: incompletePath, into: &found)
        return found
    }

    private func collect(_ node: YAMLNode, path: YAMLPath, incompletePath: YAMLPath?, into found: inout [YAMLError]) {
        switch node.content {
        case .scalar:
            return
        case .sequence(let nodes):
            for (index, element) in nodes.enumerated() {
                collect(element, path: path.appending(.index(index)), incompletePath: incompletePath, into: &found)
            }
        case .mapping(let pairs):
            guard let accessed = accessedKeys[path] else { return }
            let abandoned = incompletePath?.hasPrefix(path) ?? false
            for pair in pairs {
                guard let key = pair.key.scalar?.value else { continue }
                let childPath = path.appending(.key(key))
                if accessed.contains(key) {
                    collect(pair.value, path: childPath, incompletePath: incompletePath, into: &found)
                } else if !abandoned {
                    found.append(
                        YAMLError(
                            code: .unknownField, message: "unknown field", file: file, mark: pair.key.mark,
                            path: childPath.description))
                }
            }
        }
    }
}
