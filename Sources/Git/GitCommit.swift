import Foundation

/// One commit as history shows it: id, parents, message and who made it when.
public struct GitCommit: Hashable, Sendable {
    /// The commit's id.
    public var id: GitOID
    /// Its parents, first parent first.
    public var parents: [GitOID]
    /// The full message (subject, body and trailers) as stored.
    public var message: String
    /// The author line.
    public var author: GitSignature
    /// When it was committed (the committer time).
    public var time: Date

    /// Creates a value from its fields.
    public init(id: GitOID, parents: [GitOID], message: String, author: GitSignature, time: Date) {
        self.id = id
        self.parents = parents
        self.message = message
        self.author = author
        self.time = time
    }

    /// The first line of the message.
    public var subject: String { String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
}
