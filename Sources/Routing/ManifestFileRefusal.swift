/// Why a ``ManifestFile`` cannot be read or does not hold the one document asked for. Each routing plug-in maps it to
/// its own error type and code; ``message`` is the wording users see.
public struct ManifestFileRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was refused.
    public enum Reason: Hashable, Sendable {
        /// The file's bytes are not UTF-8 text (it is refused rather than re-encoded).
        case notUTF8
        /// No document of the file declares the object.
        case documentNotFound
        /// Several documents of the file declare the object.
        case severalDocuments
    }

    /// What was refused.
    public var reason: Reason
    /// Names the file (or "the manifest") and, for a document, the object's kind, namespace and name.
    public var message: String

    /// Creates a refusal.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
