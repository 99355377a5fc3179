/// Surgical edits of human-written YAML: replaces the source text of chosen scalars and keeps every other
/// byte (comments, blank lines, flow style, quoting, other documents) exactly as it was.
///
/// ```swift
/// let editor = try YAMLEditor(source: text, file: "istio/reviews-vs.yaml")
/// let updated = try editor.replacingScalars([
///     YAMLEdit(path: ["spec", "http", 0, "route", 0, "weight"], integer: 80),
///     YAMLEdit(path: ["spec", "http", 0, "route", 1, "weight"], integer: 20),
/// ])
/// ```
/// After splicing, the result is parsed again and each edited node must read back as the replacement's value,
/// so a replacement can never smuggle in structure.
public struct YAMLEditor: Sendable {
    /// The original text.
    public let source: String
    /// Display name for errors.
    public let file: String?
    /// The parsed documents of `source` (use them to find paths, for example by `forEachNode`).
    public let documents: [YAMLDocument]
    private let limits: YAMLLimits

    /// Parses `source` (every document) with `limits`.
    public init(source: String, file: String? = nil, limits: YAMLLimits = .default) throws {
        self.source = source
        self.file = file
        self.limits = limits
        self.documents = try YAMLParser(limits: limits).parseStream(source, file: file)
    }

    /// `source` with one scalar of document `document` replaced.
    public func replacingScalar(
        at path: YAMLPath, with newText: String, inDocument document: Int = 0
    ) throws -> String {
        try replacingScalars([YAMLEdit(path: path, newText: newText)], inDocument: document)
    }

    /// `source` with several scalars of document `document` replaced, applied back to front.
    public func replacingScalars(_ edits: [YAMLEdit], inDocument document: Int = 0) throws -> String {
        guard documents.indices.contains(document) else {
            throw YAMLError(
                code: .pathNotFound, message: "no document \(document); the stream has \(documents.count)", file: file)
        }
        var planned: [(range: Range<Int>, edit: YAMLEdit, expected: YAMLScalar)] = []
        for edit in edits {
            let node = try documents[document].requireNode(at: edit.path)
            planned.append((try editableRange(of: node, for: edit), edit, try expectedScalar(for: edit)))
        }
        planned.sort { $0.range.lowerBound > $1.range.lowerBound }
        for (later, earlier) in zip(planned, planned.dropFirst())
        where earlier.range.upperBound > later.range.lowerBound {
            throw invalid(later.edit, "overlaps the edit of \(earlier.edit.path) (the same scalar, through an alias?)")
        }
        var bytes = Array(source.utf8)
        for step in planned {
            bytes.replaceSubrange(step.range, with: Array(step.edit.newText.utf8))
        }
        let result = String(decoding: bytes, as: UTF8.self)
        try verify(result, planned.map { ($0.edit, $0.expected) }, document: document)
        return result
    }

    private func invalid(_ edit: YAMLEdit, _ reason: String) -> YAMLError {
        YAMLError(
            code: .invalidEdit, message: "cannot replace with \(edit.newText.debugDescription): \(reason)", file: file,
            path: edit.path.description)
    }

    /// The byte range to replace: a plain or quoted scalar's source text, quotes included.
    private func editableRange(of node: YAMLNode, for edit: YAMLEdit) throws -> Range<Int> {
        guard let scalar = node.scalar else {
            throw YAMLError(
                code: .invalidEdit, message: "\(YAMLNodeDecoder.describe(node)) is not a scalar", file: file,
                mark: node.mark, path: edit.path.description)
        }
        guard scalar.style != .literal && scalar.style != .folded else {
            throw YAMLError(
                code: .invalidEdit, message: "block scalars cannot be replaced", file: file, mark: node.mark,
                path: edit.path.description)
        }
        return node.sourceRange
    }

    /// The scalar the replacement text stands for (it must be one single-line scalar).
    private func expectedScalar(for edit: YAMLEdit) throws -> YAMLScalar {
        guard !edit.newText.contains(where: \.isNewline) else { throw invalid(edit, "it spans lines") }
        let parsed: YAMLDocument
        do {
            parsed = try YAMLParser(limits: limits).parseDocument(edit.newText)
        } catch {
            throw invalid(edit, "it is not a YAML scalar (\(error))")
        }
        guard let scalar = parsed.root.scalar, parsed.root.tag == nil, !edit.newText.isEmpty else {
            throw invalid(edit, "it is not a single untagged scalar")
        }
        return scalar
    }

    /// Parses the result and checks every edited node reads back as its replacement.
    private func verify(_ result: String, _ edits: [(YAMLEdit, YAMLScalar)], document: Int) throws {
        let reparsed: [YAMLDocument]
        do {
            reparsed = try YAMLParser(limits: limits).parseStream(result, file: file)
        } catch {
            throw YAMLError(
                code: .invalidEdit, message: "the edited text no longer parses: \(error)", file: file)
        }
        guard reparsed.count == documents.count else {
            throw YAMLError(code: .invalidEdit, message: "the edit changed the number of documents", file: file)
        }
        for (edit, expected) in edits where reparsed[document].node(at: edit.path)?.scalar != expected {
            throw invalid(edit, "it does not read back as the same scalar in its place")
        }
    }
}
