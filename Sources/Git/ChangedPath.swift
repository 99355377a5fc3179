/// A path that differs between two commits. Renames appear as a deletion plus an addition.
public struct ChangedPath: Hashable, Sendable, CustomStringConvertible {
    /// How the path changed.
    public enum Kind: String, Hashable, Sendable {
        /// The path exists only in the newer commit.
        case added
        /// The path exists in both commits with different content or mode.
        case modified
        /// The path exists only in the older commit.
        case deleted
    }

    /// The file's path from the repository root.
    public var path: String
    /// How it changed.
    public var kind: Kind
    /// The blob in the older commit (nil when added).
    public var oldOID: GitOID?
    /// The blob in the newer commit (nil when deleted).
    public var newOID: GitOID?

    /// Creates a changed path.
    public init(path: String, kind: Kind, oldOID: GitOID? = nil, newOID: GitOID? = nil) {
        self.path = path
        self.kind = kind
        self.oldOID = oldOID
        self.newOID = newOID
    }

    /// `added path`, `modified path` or `deleted path`.
    public var description: String { "\(kind.rawValue) \(path)" }
}
