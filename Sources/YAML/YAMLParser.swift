/// Parses YAML text with libyaml's event API into documents of `YAMLNode`s, enforcing `YAMLLimits`.
public struct YAMLParser: Sendable {
    /// The limits applied to every parse.
    public var limits: YAMLLimits

    /// Creates a parser.
    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Parses every document of a stream. `file` is only a display name for errors.
    public func parseStream(_ text: String, file: String? = nil) throws -> [YAMLDocument] {
        try parseStream(bytes: Array(text.utf8), file: file)
    }

    /// Parses every document of a stream of UTF-8 bytes (a UTF-8 byte-order mark is skipped).
    public func parseStream(bytes: [UInt8], file: String? = nil) throws -> [YAMLDocument] {
        guard bytes.count <= limits.maxInputBytes else {
            throw YAMLError(
                code: .tooLarge,
                message: "input is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes) bytes",
                file: file)
        }
        return try bytes.withUnsafeBufferPointer { all throws(YAMLError) -> [YAMLDocument] in
            let hasBOM = all.count >= 3 && all[0] == 0xEF && all[1] == 0xBB && all[2] == 0xBF
            let base = hasBOM ? 3 : 0
            let input = UnsafeBufferPointer(rebasing: all[base...])
            if let bad = SourceLocator.firstInvalidUTF8(in: input) {
                let byte = String(input[bad], radix: 16, uppercase: true)
                throw YAMLError(
                    code: .invalidUTF8,
                    message:
                        "invalid UTF-8: byte 0x\(byte) at byte offset \(base + bad) does not start a valid sequence",
                    file: file, mark: SourceLocator.mark(atByteOffset: base + bad, in: input, baseOffset: base))
            }
            // The whole parse runs inside this closure: libyaml reads `input` until the parser is freed.
            let parser = try LibYAMLParser(input: input, baseOffset: base, file: file)
            var builder = YAMLTreeBuilder(limits: limits, file: file, input: input, baseOffset: base)
            while try builder.handle(parser.next()) {}
            return builder.documents
        }
    }

    /// Parses a stream that must hold at most one document; an empty stream gives a null root.
    public func parseDocument(_ text: String, file: String? = nil) throws -> YAMLDocument {
        let documents = try parseStream(text, file: file)
        guard documents.count <= 1 else {
            throw YAMLError(
                code: .syntax, message: "expected one document, found \(documents.count)", file: file,
                mark: documents[1].root.mark)
        }
        return documents.first
            ?? YAMLDocument(root: .scalar("").at(YAMLMark(line: 1, column: 1, offset: 0)), file: file)
    }
}

extension YAMLNode {
    fileprivate func at(_ mark: YAMLMark) -> YAMLNode {
        var copy = self
        copy.mark = mark
        copy.endMark = mark
        return copy
    }
}
