import CLibGit2

/// Owns one `git_repository*`, opened lazily and freed in `deinit`, used by exactly one thread.
final class RepositoryHandle {
    let path: String
    private var pointer: OpaquePointer?

    init(path: String) { self.path = path }

    /// The open repository.
    func repository() throws(GitError) -> OpaquePointer {
        if let pointer { return pointer }
        LibGit2.ensureInitialized()
        var repo: OpaquePointer?
        try LibGit2.check("git_repository_open_ext", git_repository_open_ext(
            &repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil), GitError.Context(path: path))
        pointer = repo
        return repo!
    }

    /// The repository's git directory (`…/.git/` or the bare repository itself).
    func gitDirectory() throws(GitError) -> String {
        String(cString: git_repository_path(try repository()))
    }

    deinit { git_repository_free(pointer) }
}

extension GitOID {
    /// The hex form of a libgit2 object id.
    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 40)
        git_oid_fmt(&buffer, &copy)
        self.init(hex: String(decoding: buffer.map { UInt8(bitPattern: $0) }, as: UTF8.self))!
    }

    /// The id as a libgit2 `git_oid`.
    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)  // cannot fail: `hex` was validated as 40 hex digits
        return oid
    }
}
