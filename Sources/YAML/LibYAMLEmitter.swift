import CLibYAML

/// Owns a `yaml_emitter_t` writing into a byte buffer; block style, 2-space indent, no line folding, UTF-8.
///
/// Not Sendable: one emit, one thread. Every libyaml call result goes through `check(_:_:)`.
final class LibYAMLEmitter {
    /// The bytes written so far (the write handler appends here).
    final class Output {
        var bytes: [UInt8] = []
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let output = Output()

    init() throws(YAMLError) {
        emitter = .allocate(capacity: 1)
        guard yaml_emitter_initialize(emitter) != 0 else {
            emitter.deallocate()
            throw YAMLError(code: .outOfMemory, message: "libyaml could not initialize an emitter")
        }
        yaml_emitter_set_output(
            emitter,
            { data, buffer, size in
                guard let data, let buffer else { return 0 }
                Unmanaged<Output>.fromOpaque(data).takeUnretainedValue().bytes
                    .append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, Unmanaged.passUnretained(output).toOpaque())
        yaml_emitter_set_indent(emitter, 2)
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_unicode(emitter, 1)
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    }

    deinit {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
    }

    /// The emitted text.
    var text: String { String(decoding: output.bytes, as: UTF8.self) }

    func streamStart() throws(YAMLError) {
        var event = yaml_event_t()
        try check(yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING), "stream start", event: &event)
    }

    func streamEnd() throws(YAMLError) {
        var event = yaml_event_t()
        try check(yaml_stream_end_event_initialize(&event), "stream end", event: &event)
        try check(yaml_emitter_flush(emitter), "flush", event: nil)
    }

    func documentStart() throws(YAMLError) {
        var event = yaml_event_t()
        try check(yaml_document_start_event_initialize(&event, nil, nil, nil, 1), "document start", event: &event)
    }

    func documentEnd() throws(YAMLError) {
        var event = yaml_event_t()
        try check(yaml_document_end_event_initialize(&event, 1), "document end", event: &event)
    }

    func scalar(_ value: String, style: YAMLScalarStyle, tag: String?) throws(YAMLError) {
        var event = yaml_event_t()
        let implicit: Int32 = tag == nil ? 1 : 0
        let length = Int32(value.utf8.count)  // all the bytes, a NUL among them too: libyaml takes the length
        let created = value.withCString(encodedAs: UTF8.self) { text in  // no copy of a native string's bytes
            Self.withCString(tag) { tag in
                yaml_scalar_event_initialize(&event, nil, tag, text, length, implicit, implicit, Self.style(style))
            }
        }
        try check(created, "scalar", event: &event)
    }

    func sequenceStart(tag: String?) throws(YAMLError) {
        var event = yaml_event_t()
        let created = Self.withCString(tag) { tag in
            yaml_sequence_start_event_initialize(&event, nil, tag, tag == nil ? 1 : 0, YAML_BLOCK_SEQUENCE_STYLE)
        }
        try check(created, "sequence start", event: &event)
    }

    func sequenceEnd() throws(YAMLError) {
        var event = yaml_event_t()
        try check(yaml_sequence_end_event_initialize(&event), "sequence end", event: &event)
    }

    func mappingStart(tag: String?) throws(YAMLError) {
        var event = yaml_event_t()
        let created = Self.withCString(tag) { tag in
            yaml_mapping_start_event_initialize(&event, nil, tag, tag == nil ? 1 : 0, YAML_BLOCK_MAPPING_STYLE)
        }
        try check(created, "mapping start", event: &event)
    }

    func mappingEnd() throws(YAMLError) {
        var event = yaml_event_t()
        try check(yaml_mapping_end_event_initialize(&event), "mapping end", event: &event)
    }

    /// Funnels libyaml results: a failed initializer or a refused event becomes a `.emitter` error.
    /// `yaml_emitter_emit` takes ownership of the event, also when it fails.
    private func check(_ result: Int32, _ what: String, event: UnsafeMutablePointer<yaml_event_t>?) throws(YAMLError) {
        guard result != 0 else {
            throw YAMLError(code: .emitter, message: "libyaml could not create the \(what) event")
        }
        if let event, yaml_emitter_emit(emitter, event) == 0 {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown emitter error"
            throw YAMLError(code: .emitter, message: "libyaml refused the \(what) event: \(problem)")
        }
        if event == nil, emitter.pointee.error != YAML_NO_ERROR {
            let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "unknown emitter error"
            throw YAMLError(code: .emitter, message: "libyaml failed to \(what): \(problem)")
        }
    }

    private static func withCString<R>(_ text: String?, _ body: (UnsafePointer<yaml_char_t>?) -> R) -> R {
        guard let text else { return body(nil) }
        let bytes = Array(text.utf8) + [0]
        return bytes.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    private static func style(_ style: YAMLScalarStyle) -> yaml_scalar_style_t {
        switch style {
        case .plain: return YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: return YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: return YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: return YAML_LITERAL_SCALAR_STYLE
        case .folded: return YAML_FOLDED_SCALAR_STYLE
        }
    }
}
