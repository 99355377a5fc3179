import Kubernetes
import YAML

extension ManifestTextEdits {
    /// `source` with document `document` rewritten to read as `expected`, surgically: the entries at `removals` are
    /// deleted as whole lines (in order, each path read in the text left by the removals before it, as the `remove`
    /// operations of a JSON patch are), then the scalars that differ are replaced; every other byte stays. The
    /// result is parsed again and must read as `expected`.
    ///
    /// - Throws: ``ManifestEditRefusal`` when an entry cannot be cut out as whole lines, the text differs from
    ///   `expected` in more than scalars (flow style, a key missing in the file), or the result does not read back as
    ///   `expected`; the ``YAML/YAMLError`` of text that does not parse.
    public static func rewriting(
        _ source: String, document: Int, removing removals: [YAMLPath] = [], to expected: JSONValue, file: String?
    ) throws -> String {
        let documentCount = try YAMLParser().parseStream(source, file: file).count
        var text = source
        for removal in removals {
            let parsed = try YAMLParser().parseStream(text, file: file)
            var bytes = Array(text.utf8)
            bytes.removeSubrange(try entryLines(of: removal, in: parsed[document], bytes: bytes, file: file))
            text = String(decoding: bytes, as: UTF8.self)
        }
        let editor = try YAMLEditor(source: text, file: file)
        guard editor.documents.count == documentCount else {
            throw ManifestEditRefusal(message: "removing an entry changed the documents")
        }
        let current = JSONValue(yaml: editor.documents[document].root)
        guard let edits = scalarEdits(from: current, to: expected, in: editor.documents[document]) else {
            throw ManifestEditRefusal(message: "the file differs from the edited object in more than scalars (flow style, or a missing key)")
        }
        let result = edits.isEmpty ? text : try editor.replacingScalars(edits, inDocument: document)
        let check = try YAMLParser().parseStream(result, file: file)
        guard check.count == documentCount, JSONValue(yaml: check[document].root) == expected else {
            throw ManifestEditRefusal(message: "the edited file does not read back as the edited object")
        }
        return result
    }

    /// The YAML path of an RFC 6901 JSON pointer such as `/spec/http/0` (a decimal step is an index).
    public static func yamlPath(ofPointer pointer: String) -> YAMLPath {
        YAMLPath(pointer.split(separator: "/").map { part -> YAMLPath.Component in
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            return Int(key).map { .index($0) } ?? .key(key)
        })
    }
}
