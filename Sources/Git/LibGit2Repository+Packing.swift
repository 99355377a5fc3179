import CLibGit2

extension LibGit2Repository {
    /// The `pack.windowMemory` the service's clones use: one byte, so the delta window holds one object.
    ///
    /// Every push builds a pack of the commit's new objects and, by libgit2's default, tries each against the ten
    /// before it for a delta (Rabin fingerprints over both). The service's new objects are status, report and chart
    /// files of different experiments and one tree of thousands of entries: the search was 15 % of `iter8 run`'s CPU
    /// at 1,000 canaries (perf) for a pack of a few hundred KiB that the server repacks anyway (`git gc`). With a
    /// window of one, each object is tried against its neighbour in libgit2's order (same type, similar name, size).
    static let packWindowMemory: Int64 = 1

    /// Sets the clone's packing settings (in its own `config`; the process ignores other git configuration).
    static func tunePacking(_ repo: OpaquePointer, context: GitError.Context) throws(GitError) {
        var config: OpaquePointer?
        try LibGit2.check("git_repository_config", git_repository_config(&config, repo), context)
        defer { git_config_free(config) }
        var current: Int64 = 0
        if git_config_get_int64(&current, config, "pack.windowMemory") == 0, current == packWindowMemory { return }
        try LibGit2.check(
            "git_config_set_int64", git_config_set_int64(config, "pack.windowMemory", packWindowMemory), context)
    }
}
