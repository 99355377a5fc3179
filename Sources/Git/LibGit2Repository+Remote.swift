import CLibGit2
import Foundation

extension LibGit2Repository {
    /// Lists the remote's refs (`git ls-remote`) and returns the id of `refs/heads/<branch>`; downloads nothing.
    public func remoteHead(branch: String) async throws -> GitOID {
        let remote = self.remote
        let context = remote.context(branch: branch)
        return try await Self.network("git_remote_ls", remote, context) { callbacks throws(GitError) in
            var handle: OpaquePointer?
            try LibGit2.check("git_remote_create_detached", git_remote_create_detached(&handle, callbacks.remote.url), context)
            defer { git_remote_free(handle) }
            let heads = try Self.connectAndList(handle!, direction: GIT_DIRECTION_FETCH, callbacks, context)
            guard let oid = heads["refs/heads/\(branch)"] else {
                throw GitError(
                    code: .notFound, operation: "git_remote_ls", message: "the remote has no branch '\(branch)'",
                    context: context)
            }
            return oid
        }
    }

    /// Fetches `branch` and points `refs/remotes/<remote>/<branch>` at the remote's head; returns that id.
    ///
    /// The refspec names only the source, so libgit2 downloads the objects and moves no reference
    /// itself; the tracking reference is then set to the id the server advertised, following the
    /// remote even if its branch was rewritten (as `git fetch` does). Pushes never force.
    public func fetch(branch: String) async throws -> GitOID {
        let remote = self.remote
        let gitDirectory = self.gitDirectory
        let context = remote.context(branch: branch)
        let tracking = "refs/remotes/\(remote.name)/\(branch)"
        return try await Self.network("git_remote_fetch", remote, context) { callbacks throws(GitError) in
            let handle = RepositoryHandle(path: gitDirectory)
            let repo = try handle.repository()
            let anonymous = try Self.anonymousRemote(in: repo, url: callbacks.remote.url, context)
            defer { git_remote_free(anonymous) }
            var options = git_fetch_options()
            try LibGit2.check("git_fetch_options_init", git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)))
            callbacks.install(into: &options.callbacks)
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            let rc = withStrArray(["refs/heads/\(branch)"]) { refspecs in
                git_remote_fetch(anonymous, &refspecs, &options, "iter8: fetch \(branch)")
            }
            try LibGit2.check("git_remote_fetch", rc, context, override: callbacks.overrideCode)
            let heads = try Self.listConnected(anonymous, context)
            guard let oid = heads["refs/heads/\(branch)"] else {
                throw GitError(
                    code: .notFound, operation: "git_remote_fetch", message: "the remote has no branch '\(branch)'",
                    context: context)
            }
            var id = oid.raw
            var ref: OpaquePointer?
            try LibGit2.check(
                "git_reference_create", git_reference_create(&ref, repo, tracking, &id, 1, "iter8: fetch \(branch)"),
                context.with(path: tracking))
            git_reference_free(ref)
            return oid
        }
    }

    /// Pushes `commit` to `refs/heads/<branch>` (no `+`: fast-forward only) and records the new
    /// `refs/remotes/<remote>/<branch>`.
    public func push(commit: GitOID, to branch: String) async throws {
        let remote = self.remote
        let gitDirectory = self.gitDirectory
        let context = remote.context(branch: branch)
        let target = "refs/heads/\(branch)"
        try await Self.network("git_remote_push", remote, context) { callbacks throws(GitError) in
            let handle = RepositoryHandle(path: gitDirectory)
            let repo = try handle.repository()
            let anonymous = try Self.anonymousRemote(in: repo, url: callbacks.remote.url, context)
            defer { git_remote_free(anonymous) }
            var options = git_push_options()
            try LibGit2.check("git_push_options_init", git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)))
            callbacks.install(into: &options.callbacks)
            // libgit2 1.5 only pushes from a reference, so the commit gets a short-lived private one.
            let source = "refs/iter8/push/\(UUID().uuidString)"
            var id = commit.raw
            var sourceRef: OpaquePointer?
            try LibGit2.check(
                "git_reference_create", git_reference_create(&sourceRef, repo, source, &id, 0, nil), context.with(path: source))
            defer {
                _ = git_reference_delete(sourceRef)
                git_reference_free(sourceRef)
            }
            let rc = withStrArray(["\(source):\(target)"]) { refspecs in
                git_remote_push(anonymous, &refspecs, &options)
            }
            try LibGit2.check("git_remote_push", rc, context, override: callbacks.overrideCode)
            if let rejection = callbacks.rejectedRefs.first {
                let output = callbacks.serverMessages
                throw GitError(
                    code: Self.classifyPushStatus(rejection.message), operation: "git_remote_push",
                    message: "the server refused \(rejection.ref): \(rejection.message)"
                        + (output.isEmpty ? "" : " (server said: \(output))"),
                    context: context)
            }
            var ref: OpaquePointer?
            let tracking = "refs/remotes/\(remote.name)/\(branch)"
            try LibGit2.check(
                "git_reference_create", git_reference_create(&ref, repo, tracking, &id, 1, "iter8: push \(branch)"),
                context.with(path: tracking))
            git_reference_free(ref)
        }
    }

    /// Classifies a server's per-ref push status, where text is all there is: git's receive-pack says
    /// "non-fast-forward" or "fetch first" when the branch moved on; anything else is a plain refusal.
    static func classifyPushStatus(_ message: String) -> GitError.Code {
        let text = message.lowercased()
        let moved = ["non-fast-forward", "non-fastforward", "fetch first", "stale info"]
        return moved.contains(where: { text.contains($0) }) ? .nonFastForward : .rejected
    }

    /// Connects `remote` in `direction` and returns its advertised refs (name to id).
    static func connectAndList(
        _ remote: OpaquePointer, direction: git_direction, _ callbacks: RemoteCallbacks, _ context: GitError.Context
    ) throws(GitError) -> [String: GitOID] {
        var table = git_remote_callbacks()
        try LibGit2.check("git_remote_init_callbacks", git_remote_init_callbacks(&table, UInt32(GIT_REMOTE_CALLBACKS_VERSION)))
        callbacks.install(into: &table)
        let rc = git_remote_connect(remote, direction, &table, nil, nil)
        try LibGit2.check("git_remote_connect", rc, context, override: callbacks.overrideCode)
        defer { _ = git_remote_disconnect(remote) }
        return try listConnected(remote, context)
    }

    /// The refs a connected (or just fetched) remote advertised.
    static func listConnected(_ remote: OpaquePointer, _ context: GitError.Context) throws(GitError) -> [String: GitOID] {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try LibGit2.check("git_remote_ls", git_remote_ls(&heads, &count, remote), context)
        var result: [String: GitOID] = [:]
        for index in 0..<count {
            guard let head = heads?[index]?.pointee else { continue }
            result[String(cString: head.name)] = GitOID(head.oid)
        }
        return result
    }
}

extension LibGit2Repository {
    /// An in-memory remote for `url` in `repo`, as `git_remote_create_anonymous` makes but without applying
    /// `url.<base>.insteadOf`.
    ///
    /// libgit2 1.5 (Debian 12's) finds `insteadOf` rules by matching every configuration entry against a regular
    /// expression, and leaks the PCRE2 match data of each entry that does not match — about 20 KiB each with
    /// PCRE2 10.41 and later (fixed in libgit2 1.6, libgit2/libgit2#6382): two lookups per remote, so hundreds of
    /// KiB per fetch and per push, without bound in a long-running service (17.6 MiB in two minutes of the scale
    /// benchmark at 1,000 experiments, measured with heaptrack). The clone's configuration is iter8's own
    /// and the global and system ones are not read (``LibGit2/ensureInitialized()``), so no rule could apply.
    static func anonymousRemote(in repo: OpaquePointer, url: String, _ context: GitError.Context) throws(GitError)
        -> OpaquePointer
    {
        var options = git_remote_create_options()
        try LibGit2.check(
            "git_remote_create_options_init",
            git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION)), context)
        options.repository = repo
        options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC.rawValue
        var remote: OpaquePointer?
        try LibGit2.check("git_remote_create_with_opts", git_remote_create_with_opts(&remote, url, &options), context)
        return remote!
    }
}
