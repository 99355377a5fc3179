/// A coding key for mapping keys and sequence indices that the decoder and encoder create themselves.
struct YAMLCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    /// `true` for a sequence index: rendered as `[i]` in paths.
    let isIndex: Bool

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
        self.isIndex = false
    }

    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
        self.isIndex = false
    }

    /// A sequence index key.
    static func index(_ index: Int) -> YAMLCodingKey {
        YAMLCodingKey(index: index)
    }

    private init(index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
        self.isIndex = true
    }

    /// The key `super`, used by `superDecoder()` and `superEncoder()`.
    static let superKey = YAMLCodingKey(stringValue: "super")
}

extension YAMLPath {
    /// The path a `codingPath` denotes: our index keys become indices, every other key its `stringValue`.
    init(codingPath: [any CodingKey]) {
        self.init(
            codingPath.map { key in
                if let key = key as? YAMLCodingKey, key.isIndex, let index = key.intValue { return .index(index) }
                return .key(key.stringValue)
            })
    }
}
