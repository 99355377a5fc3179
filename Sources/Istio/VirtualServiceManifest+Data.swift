import Foundation
import Routing

extension VirtualServiceManifest {
    /// Parses a manifest file's bytes as they are stored (every document).
    ///
    /// The surgical edits rewrite scalars and lines of the text and keep every other byte, which only holds
    /// when the bytes are the text: a file that is not valid UTF-8 (Latin-1, UTF-16, stray bytes) is refused,
    /// never decoded with replacement characters and written back re-encoded.
    ///
    /// - Throws: ``IstioError`` (`notUTF8`) naming the file and the offset of the first invalid byte; the
    ///   ``YAML/YAMLError`` of a file that does not parse.
    public init(data: Data, file: String? = nil) throws {
        guard let text = String(validating: data, as: UTF8.self) else {
            let offset = ManifestTextEdits.firstInvalidUTF8Offset(data)
            throw IstioError(
                .notUTF8,
                "\(file ?? "the manifest") is not UTF-8 text (invalid byte at offset \(offset)); iter8 edits manifests "
                    + "in place and will not re-encode one: save it as UTF-8",
                virtualService: file)
        }
        try self.init(source: text, file: file)
    }
}
