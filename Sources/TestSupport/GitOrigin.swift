import Foundation

/// A bare "origin" repository in a temporary directory, seeded with one commit by the `git` CLI.
///
/// Servers (``GitDaemonServer``, ``GitHTTPServer``) serve ``root``; the repository is `root/origin.git`.
public final class GitOrigin: Sendable {
    /// The directory holding `origin.git` (and scratch clones); removed with the value.
    public let root: TemporaryDirectory
    /// The bare repository.
    public let bare: URL
    /// The branch seeded with the first commit.
    public let branch: String

    /// Creates `origin.git` with `files` committed on `branch` by a separate `git` clone.
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public init(branch: String = "main", files: [String: String] = ["README.md": "seed\n"]) throws {
        root = try TemporaryDirectory(prefix: "iter8-git-origin")
        bare = root.url.appendingPathComponent("origin.git", isDirectory: true)
        self.branch = branch
        try Shell.gitBlocking(["init", "--quiet", "--bare", "-b", branch, bare.path])
        try Shell.gitBlocking(["config", "http.receivepack", "true"], in: bare)
        let seed = try cloneWorkingCopy(named: "seed")
        try commit(in: seed, files: files, message: "Seed")
        try Shell.gitBlocking(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], in: seed)
    }

    /// `file:///…/origin.git`.
    public var fileURL: String { "file://" + bare.path }

    /// The id `branch` points at in origin, read by the `git` CLI.
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public func head(_ branch: String? = nil) throws -> String {
        try Shell.gitBlocking(["rev-parse", "refs/heads/\(branch ?? self.branch)"], in: bare)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The content of `path` at `revision` in origin (`git show revision:path`).
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public func show(_ path: String, at revision: String? = nil) throws -> String {
        try Shell.gitBlocking(["show", "\(revision ?? "refs/heads/\(branch)"):\(path)"], in: bare)
    }

    /// True when origin holds the object `oid`.
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public func hasObject(_ oid: String) -> Bool {
        (try? Shell.gitBlocking(["cat-file", "-e", oid], in: bare)) != nil
    }

    /// Clones origin with the `git` CLI into `root/<name>` (another writer's working copy).
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public func cloneWorkingCopy(named name: String) throws -> URL {
        let directory = root.url.appendingPathComponent(name, isDirectory: true)
        try Shell.gitBlocking(["clone", "--quiet", fileURL, directory.path])
        return directory
    }

    /// Writes `files` in the working copy `clone`, commits them with the `git` CLI and returns the id.
    @discardableResult
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public func commit(in clone: URL, files: [String: String], message: String) throws -> String {
        for (path, content) in files {
            let file = clone.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: file, atomically: true, encoding: .utf8)
            try Shell.gitBlocking(["add", path], in: clone)
        }
        try Shell.gitBlocking(["commit", "--quiet", "-m", message], in: clone)
        return try Shell.gitBlocking(["rev-parse", "HEAD"], in: clone).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Another writer moves `branch` in origin: clone, commit `files`, push. Returns the new head.
    @discardableResult
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public func pushFromAnotherWriter(files: [String: String], message: String = "Another writer") throws -> String {
        let clone = try cloneWorkingCopy(named: "writer-\(UUID().uuidString.prefix(8))")
        let oid = try commit(in: clone, files: files, message: message)
        try Shell.gitBlocking(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], in: clone)
        return oid
    }

    /// Installs a server-side `update` hook that refuses `ref`, printing `message` (hooks run for
    /// git:// and http pushes, not for file://).
    @available(*, noasync, message: "runs the git CLI on this thread; call it inside offPool")
    public func rejectUpdates(of ref: String, message: String) throws {
        let hook = bare.appendingPathComponent("hooks/update")
        let script = """
            #!/bin/sh
            if [ "$1" = "\(ref)" ]; then
              echo "\(message)" >&2
              exit 1
            fi
            exit 0

            """
        try script.write(to: hook, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    }
}
