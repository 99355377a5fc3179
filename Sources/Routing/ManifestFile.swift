import Experiments
import Foundation
import Kubernetes
import YAML

/// A manifest file as a human keeps it in the repository: its text (possibly several YAML documents), its path for
/// messages, and the parsed documents a routing plug-in's manifest type edits surgically. The plug-ins wrap one and
/// map its ``ManifestFileRefusal``s to their own error codes.
public struct ManifestFile: Sendable {
    /// The file's text.
    public let source: String
    /// The file's repository path, for messages.
    public let file: String?
    /// The file's documents, for locating nodes and rewriting scalars.
    public let editor: YAMLEditor

    /// Parses `source` (every document).
    ///
    /// - Throws: the ``YAML/YAMLError`` of a file that does not parse.
    public init(source: String, file: String? = nil) throws {
        self.source = source
        self.file = file
        editor = try YAMLEditor(source: source, file: file)
    }

    /// Parses a manifest file's bytes as they are stored (every document).
    ///
    /// The surgical edits rewrite scalars and lines of the text and keep every other byte, which only holds when
    /// the bytes are the text: a file that is not valid UTF-8 (Latin-1, UTF-16, stray bytes) is refused, never
    /// decoded with replacement characters and written back re-encoded.
    ///
    /// - Throws: ``ManifestFileRefusal`` (`notUTF8`) naming the file and the offset of the first invalid byte; the
    ///   ``YAML/YAMLError`` of a file that does not parse.
    public init(data: Data, file: String? = nil) throws {
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = ManifestTextEdits.firstInvalidUTF8Offset(data)
            throw ManifestFileRefusal(
                .notUTF8,
                "\(file ?? "the manifest") is not UTF-8 text (invalid byte at offset \(offset)); iter8 edits manifests "
                    + "in place and will not re-encode one: save it as UTF-8")
        }
        try self.init(source: text, file: file)
    }

    /// The file's path, or "the manifest" when it has none: how messages name the file.
    public var place: String { file ?? "the manifest" }

    /// The one document declaring the `kind` object `name` in `namespace` (a document without `metadata.namespace`
    /// matches any namespace; one without `apiVersion` is matched by its kind alone), with its index in the stream.
    ///
    /// - Throws: ``ManifestFileRefusal`` (`documentNotFound`, `severalDocuments`) when no document or several
    ///   documents match.
    public func document(kind: RoutingKind, name: String, namespace: String) throws(ManifestFileRefusal)
        -> (index: Int, object: JSONValue)
    {
        var found: [(index: Int, object: JSONValue)] = []
        for (index, document) in editor.documents.enumerated() {
            let root = document.root
            let apiVersion = root["apiVersion"]?.scalar?.value
            guard RoutingKind.of(apiVersion: apiVersion, kind: root["kind"]?.scalar?.value) == kind,
                root["metadata"]?["name"]?.scalar?.value == name
            else { continue }
            let documentNamespace = root["metadata"]?["namespace"]?.scalar?.value
            guard documentNamespace == nil || documentNamespace == namespace else { continue }
            found.append((index, JSONValue(yaml: root)))
        }
        let object = "\(kind) \(namespace)/\(name)"
        guard let first = found.first else {
            throw ManifestFileRefusal(.documentNotFound, "no document of \(place) declares \(object)")
        }
        guard found.count == 1 else {
            let indices = found.map { String($0.index) }.joined(separator: ", ")
            throw ManifestFileRefusal(
                .severalDocuments, "documents \(indices) of \(place) all declare \(object); keep one")
        }
        return first
    }
}
