import CLibGit2

/// Process-wide libgit2 set-up and the one helper that turns libgit2 return codes into ``GitError``.
enum LibGit2 {
    /// Initialises libgit2 once per process and isolates it from the user's and system's git configuration.
    ///
    /// libgit2 would otherwise read `~/.gitconfig`, `$XDG_CONFIG_HOME/git/config` and `/etc/gitconfig`, so a
    /// developer's `url.insteadOf` or `core.*` settings could change what the reconciler does. The search
    /// paths of those levels are set to an empty list; each repository's own config still applies.
    static let initialized: Bool = {
        git_libgit2_init()
        for level in [GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL] {
            _ = iter8_git_set_search_path(Int32(level.rawValue), "")
        }
        return true
    }()

    /// Makes sure ``initialized`` ran; call before any other libgit2 function.
    static func ensureInitialized() { precondition(initialized) }

    /// Throws a ``GitError`` when `rc` is negative, classified by return code, then libgit2's error class.
    ///
    /// Call it on the thread that made the libgit2 call, straight after it, so `git_error_last()` is that call's.
    @discardableResult
    static func check(
        _ operation: String, _ rc: Int32, _ context: GitError.Context = GitError.Context(),
        override: GitError.Code? = nil, fileID: String = #fileID, line: Int = #line
    ) throws(GitError) -> Int32 {
        guard rc < 0 else { return rc }
        throw error(operation, rc, context, override: override, fileID: fileID, line: line)
    }

    /// Builds the error for a negative `rc` (see ``check(_:_:_:override:fileID:line:)``).
    static func error(
        _ operation: String, _ rc: Int32, _ context: GitError.Context, override: GitError.Code? = nil,
        fileID: String = #fileID, line: Int = #line
    ) -> GitError {
        let last = git_error_last()
        let klass = last.map { Int32($0.pointee.klass) } ?? 0
        let message = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "libgit2 returned \(rc)"
        return GitError(
            code: override ?? classify(rc, klass, remote: context.redactedRemote != nil), operation: operation, message: message, returnCode: rc,
            errorClass: klass == 0 ? nil : className(klass), context: context, fileID: fileID, line: line)
    }

    /// The error code for a libgit2 return code and error class. Never looks at message text.
    ///
    /// During a remote operation an `os`-class error is a socket failure (refused, reset, unreachable),
    /// so it counts as `.network`; elsewhere it is `.other`.
    static func classify(_ rc: Int32, _ klass: Int32, remote: Bool = false) -> GitError.Code {
        switch git_error_code(rc) {
        case GIT_ENOTFOUND: return .notFound
        case GIT_ENONFASTFORWARD: return .nonFastForward
        case GIT_EAUTH: return .authentication
        case GIT_ECERTIFICATE: return .certificate
        case GIT_ELOCKED: return .locked
        case GIT_ECONFLICT, GIT_EMODIFIED, GIT_EEXISTS, GIT_EMERGECONFLICT: return .conflict
        case GIT_EINVALIDSPEC: return .invalidSpec
        case GIT_EEOF: return .network
        default: break
        }
        switch git_error_t(UInt32(klass)) {
        case GIT_ERROR_NET, GIT_ERROR_HTTP, GIT_ERROR_SSH, GIT_ERROR_SSL: return .network
        case GIT_ERROR_OS where remote: return .network
        default: return .other
        }
    }

    /// libgit2's error class as a short lowercase name, e.g. `net`.
    static func className(_ klass: Int32) -> String {
        let names = [
            "none", "nomemory", "os", "invalid", "reference", "zlib", "repository", "config", "regex", "odb", "index",
            "object", "net", "tag", "tree", "indexer", "ssl", "submodule", "thread", "stash", "checkout", "fetchhead",
            "merge", "ssh", "filter", "revert", "callback", "cherrypick", "describe", "rebase", "filesystem", "patch",
            "worktree", "sha", "http", "internal",
        ]
        return names.indices.contains(Int(klass)) ? names[Int(klass)] : "class \(klass)"
    }
}
