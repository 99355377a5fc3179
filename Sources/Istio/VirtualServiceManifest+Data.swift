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
        do {
            manifest = try ManifestFile(data: data, file: file)
        } catch let refusal as ManifestFileRefusal {
            throw Self.error(refusal, virtualService: file)
        }
    }
}
