/// A libyaml event, copied into Swift values so no C type escapes this file.
struct ParserEvent {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias(String)
        case scalar(String, YAMLScalarStyle)
        case sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    /// A libyaml mark: 0-based, `index` counted in Unicode scalars.
    struct RawMark {
        var index: Int
        var line: Int
        var column: Int
    }

    var kind: Kind
    var anchor: String?
    var tag: String?
    var start: RawMark
    var end: RawMark
}
