import CLibGit2

extension LibGit2Repository {
    /// The `pack.deltaCacheSize` of the service's clones, one byte: pushes send whole objects, no deltas.
    ///
    /// A push holds the status, report and chart files a pass changed, each of another experiment, and libgit2
    /// builds no thin packs, so a file's previous version is never in the pack: a delta search could only pair a
    /// file with another experiment's. Servers keep a pushed pack's deltas (`git gc` and `git repack` reuse
    /// them unless given `-f`), so those pairings stayed for good, and everything experiment-specific was stored
    /// again at every iteration. A whole object gets its delta when the server packs, against its own previous
    /// version (the files' names differ per experiment, see `StatusLayout` in GitOps); the push costs more bytes
    /// and no delta search (that search was 15 % of `iter8 run`'s CPU at 1,000 canaries with libgit2's default
    /// window).
    ///
    /// libgit2 has no setting for this as such: its pack builder leaves out of the delta search every object larger
    /// than its big-file threshold, which it reads from `pack.deltaCacheSize` (libgit2 1.5 to 1.9 at least; git's
    /// own key is `core.bigFileThreshold`). One byte there also means no delta is cached, which is moot without
    /// deltas. `RoundTripTests` checks the effect — a pushed pack with no delta — so a libgit2 that reads another
    /// key fails it.
    static let packDeltaCacheSize: Int64 = 1

    /// Sets the clone's packing settings (in its own `config`; the process ignores other git configuration).
    static func tunePacking(_ repo: OpaquePointer, context: GitError.Context) throws(GitError) {
        var config: OpaquePointer?
        try LibGit2.check("git_repository_config", git_repository_config(&config, repo), context)
        defer { git_config_free(config) }
        var current: Int64 = 0
        if git_config_get_int64(&current, config, "pack.deltaCacheSize") != 0 || current != packDeltaCacheSize {
            try LibGit2.check(
                "git_config_set_int64", git_config_set_int64(config, "pack.deltaCacheSize", packDeltaCacheSize), context)
        }
        // Earlier versions limited the delta window instead; without deltas it has no use (every value of it goes).
        let removed = git_config_delete_multivar(config, "pack.windowMemory", ".*")
        if removed != GIT_ENOTFOUND.rawValue { try LibGit2.check("git_config_delete_multivar", removed, context) }
    }
}
