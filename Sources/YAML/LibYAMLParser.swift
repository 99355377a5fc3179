import CLibYAML

/// Owns a `yaml_parser_t` reading from a caller-owned buffer, which must outlive it.
///
/// Not Sendable: one parse, one thread. Every failing libyaml call goes through `failure()`.
final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeBufferPointer<UInt8>
    private let baseOffset: Int
    private let file: String?

    /// Starts a parser over `input`, whose bytes start at byte `baseOffset` of the caller's text.
    init(input: UnsafeBufferPointer<UInt8>, baseOffset: Int, file: String?) throws(YAMLError) {
        self.input = input
        self.baseOffset = baseOffset
        self.file = file
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) != 0 else {
            parser.deallocate()
            throw YAMLError(code: .outOfMemory, message: "libyaml could not initialize a parser", file: file)
        }
        yaml_parser_set_input_string(parser, input.baseAddress, input.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
    }

    /// The next event, or the parser's error.
    func next() throws(YAMLError) -> ParserEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let start = Self.raw(event.start_mark)
        let end = Self.raw(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return ParserEvent(kind: .streamStart, start: start, end: end)
        case YAML_STREAM_END_EVENT:
            return ParserEvent(kind: .streamEnd, start: start, end: end)
        case YAML_DOCUMENT_START_EVENT:
            return ParserEvent(kind: .documentStart, start: start, end: end)
        case YAML_DOCUMENT_END_EVENT:
            return ParserEvent(kind: .documentEnd, start: start, end: end)
        case YAML_ALIAS_EVENT:
            return ParserEvent(kind: .alias(Self.string(event.data.alias.anchor) ?? ""), start: start, end: end)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = scalar.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
            } ?? ""
            return ParserEvent(
                kind: .scalar(value, Self.style(scalar.style)), anchor: Self.string(scalar.anchor),
                tag: Self.string(scalar.tag), start: start, end: end)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return ParserEvent(
                kind: .sequenceStart, anchor: Self.string(data.anchor), tag: Self.string(data.tag), start: start,
                end: end)
        case YAML_SEQUENCE_END_EVENT:
            return ParserEvent(kind: .sequenceEnd, start: start, end: end)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return ParserEvent(
                kind: .mappingStart, anchor: Self.string(data.anchor), tag: Self.string(data.tag), start: start,
                end: end)
        case YAML_MAPPING_END_EVENT:
            return ParserEvent(kind: .mappingEnd, start: start, end: end)
        default:
            throw YAMLError(
                code: .syntax, message: "libyaml produced an unknown event type \(event.type.rawValue)", file: file)
        }
    }

    /// Builds the error for the parser's current failure (the single funnel for libyaml parser errors).
    private func failure() -> YAMLError {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown libyaml error"
        switch state.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(code: .outOfMemory, message: "libyaml ran out of memory", file: file)
        case YAML_READER_ERROR:
            let offset = baseOffset + state.problem_offset
            let value = String(state.problem_value, radix: 16, uppercase: true)
            return YAMLError(
                code: .invalidCharacter, message: "\(problem) (0x\(value.count < 2 ? "0" + value : value))",
                file: file, mark: SourceLocator.mark(atByteOffset: offset, in: input, baseOffset: baseOffset))
        default:
            var translator = UTF8OffsetTranslator(input: input, baseOffset: baseOffset)
            var message = problem
            if let context = state.context.map({ String(cString: $0) }) {
                message += " \(context)"
                let contextMark = translator.mark(Self.raw(state.context_mark))
                message += " that started at \(contextMark)"
            }
            return YAMLError(
                code: .syntax, message: message, file: file, mark: translator.mark(Self.raw(state.problem_mark)))
        }
    }

    private static func raw(_ mark: yaml_mark_t) -> ParserEvent.RawMark {
        ParserEvent.RawMark(index: Int(mark.index), line: Int(mark.line), column: Int(mark.column))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafePointer($0)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
