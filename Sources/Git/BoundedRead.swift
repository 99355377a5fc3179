import CLibGit2
import Foundation

/// A file in the repository is larger than a reader accepts; thrown before its content is loaded.
public struct BlobTooLargeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Its size in bytes, from the object header.
    public var size: Int
    /// The largest size accepted.
    public var limit: Int

    /// Creates the error.
    public init(path: String, size: Int, limit: Int) {
        self.path = path
        self.size = size
        self.limit = limit
    }

    public var description: String {
        "\(path) is \(size) bytes, more than the \(limit) bytes accepted; it was not read"
    }
}

extension GitRepository {
    /// The file at `path` in `commit` when it is at most `maxBytes` long; nil when there is no file there.
    ///
    /// - Throws: ``BlobTooLargeError`` for a larger file. This default reads the file and then checks; the libgit2
    ///   repository reads the object's header first and never loads a larger blob.
    public func readFile(path: String, at commit: GitOID, maxBytes: Int) async throws -> Data? {
        guard let data = try await readFile(path: path, at: commit) else { return nil }
        guard data.count <= maxBytes else { throw BlobTooLargeError(path: path, size: data.count, limit: maxBytes) }
        return data
    }
}

extension LibGit2Repository {
    /// Like ``GitRepository/readFile(path:at:)``, but reads the blob's size from the object database's header
    /// first (`git_odb_read_header`) and throws ``BlobTooLargeError`` without loading a blob over `maxBytes`.
    public func readFile(path: String, at commit: GitOID, maxBytes: Int) async throws -> Data? {
        let context = GitError.Context(path: path)
        let read = try await local { repo throws(GitError) -> BoundedBlob in
            let tree = try Self.tree(repo, of: commit, context)
            defer { git_tree_free(tree) }
            var entry: OpaquePointer?
            let rc = git_tree_entry_bypath(&entry, tree, path)
            if rc == GIT_ENOTFOUND.rawValue { return .missing }
            try LibGit2.check("git_tree_entry_bypath", rc, context)
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return .missing }
            var odb: OpaquePointer?
            try LibGit2.check("git_repository_odb", git_repository_odb(&odb, repo), context)
            defer { git_odb_free(odb) }
            var size = 0
            var type = GIT_OBJECT_INVALID
            try LibGit2.check("git_odb_read_header", git_odb_read_header(&size, &type, odb, git_tree_entry_id(entry)), context)
            guard size <= maxBytes else { return .tooLarge(size) }
            var blob: OpaquePointer?
            try LibGit2.check("git_blob_lookup", git_blob_lookup(&blob, repo, git_tree_entry_id(entry)), context)
            defer { git_blob_free(blob) }
            return .data(Data(bytes: git_blob_rawcontent(blob), count: Int(git_blob_rawsize(blob))))
        }
        switch read {
        case .missing: return nil
        case .tooLarge(let size): throw BlobTooLargeError(path: path, size: size, limit: maxBytes)
        case .data(let data): return data
        }
    }
}

/// What a bounded read found.
enum BoundedBlob: Sendable {
    case missing
    case tooLarge(Int)
    case data(Data)
}
