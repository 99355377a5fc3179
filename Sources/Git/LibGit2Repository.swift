import CLibGit2
import Foundation

/// The libgit2 implementation of ``GitRepository``.
///
/// Local work (reading files, trees and diffs, committing, references) runs on one worker thread
/// that owns the repository handle. Each network operation (ls-remote, fetch, push, clone) runs on
/// a thread of its own with its own handle, under ``GitRemote/timeout``. No libgit2 object is ever
/// used by two threads, and no blocking call runs on Swift's cooperative pool.
///
/// The process's libgit2 ignores the user's and the system's git configuration (see ``LibGit2``).
public final class LibGit2Repository: GitRepository {
    /// The repository's git directory (the bare repository itself, or `<workdir>/.git/`).
    public let gitDirectory: String
    /// The remote this repository talks to.
    public let remote: GitRemote
    /// Signs every commit ``commit(changes:on:author:committer:message:)`` creates (a `gpgsig` header); nil: unsigned.
    public let signer: (any CommitSigner)?
    let worker: GitWorker<RepositoryHandle>

    private init(gitDirectory: String, remote: GitRemote, worker: GitWorker<RepositoryHandle>, signer: (any CommitSigner)?) {
        self.gitDirectory = gitDirectory
        self.remote = remote
        self.worker = worker
        self.signer = signer
    }

    /// Opens the existing repository at `path` (a bare repository or a working directory), removing any
    /// password an earlier version stored in it (``scrubStoredPasswords(_:gitDirectory:context:)``) and setting its
    /// packing for pushes (``tunePacking(_:context:)``: it is the service's own clone).
    /// `signer` signs the commits this repository creates (nil: they are unsigned).
    public static func open(
        at path: String, remote: GitRemote, signer: (any CommitSigner)? = nil
    ) async throws -> LibGit2Repository {
        let worker = GitWorker(name: "git-worker \(path)") { RepositoryHandle(path: path) }
        let gitDirectory = try await worker.run { handle throws(GitError) in
            if let ca = remote.certificateAuthorityFile {
                try CertificateAuthorities.shared.trust(ca, context: remote.context())
            }
            let gitDirectory = try handle.gitDirectory()
            try scrubStoredPasswords(try handle.repository(), gitDirectory: gitDirectory, context: remote.context())
            try tunePacking(try handle.repository(), context: remote.context())
            return gitDirectory
        }
        return LibGit2Repository(gitDirectory: gitDirectory, remote: remote, worker: worker, signer: signer)
    }

    /// Clones `remote` into `directory` (which must not exist or be empty) and opens the clone.
    ///
    /// - Parameters:
    ///   - bare: a repository without a working tree (enough for everything this library does).
    ///   - branch: the branch to check out and point HEAD at; the remote's default when nil.
    ///   - signer: signs the commits the clone creates (nil: they are unsigned).
    public static func clone(
        _ remote: GitRemote, into directory: String, bare: Bool = true, branch: String? = nil,
        signer: (any CommitSigner)? = nil
    ) async throws -> LibGit2Repository {
        let context = remote.context(branch: branch, path: directory)
        try await network("git_clone", remote, context) { callbacks throws(GitError) in
            var options = git_clone_options()
            try LibGit2.check("git_clone_options_init", git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)))
            options.bare = bare ? 1 : 0
            callbacks.install(into: &options.fetch_opts.callbacks)
            var repo: OpaquePointer?
            let rc = withOptionalCString(branch) { branchName in
                options.checkout_branch = branchName
                return git_clone(&repo, callbacks.remote.url, directory, &options)
            }
            git_repository_free(repo)
            try LibGit2.check("git_clone", rc, context, override: callbacks.overrideCode)
        }
        return try await open(at: directory, remote: remote, signer: signer)
    }

    /// Runs a network operation on its own thread with fresh callbacks, under the remote's timeout.
    ///
    /// The body gets the remote as libgit2 must see it (``GitRemote/forTransport(operation:)``: no password in
    /// the URL, none over plain http) through `callbacks.remote`. At most one operation per remote may be stuck
    /// past its deadline (``GitNetworkOperations``); while one is, this throws `.inFlight` at once.
    static func network<T: Sendable>(
        _ operation: String, _ remote: GitRemote, _ context: GitError.Context,
        operations: GitNetworkOperations = .shared,
        _ body: @escaping @Sendable (RemoteCallbacks) throws(GitError) -> T
    ) async throws(GitError) -> T {
        LibGit2.ensureInitialized()
        let transport = try remote.forTransport(operation: operation)
        let key = transport.url
        try operations.admit(key, operation: operation, context: context)
        let abort = AbortFlag()
        let timeout = remote.timeout
        return try await GitWorker<RepositoryHandle>.runDetached(
            name: "git-network \(operation)", timeout: timeout, abort: abort,
            timedOut: {
                GitError(
                    code: .network, operation: operation,
                    message: "no answer within \(timeout) (libgit2 1.5 has no socket timeout; the deadline is kept by the caller)",
                    context: context)
            },
            abandoned: { operations.abandoned(key) }, endedLate: { operations.ended(key) }
        ) { () throws(GitError) -> T in
            let callbacks = try RemoteCallbacks(remote: transport, abort: abort)
            return try withExtendedLifetime(callbacks) { () throws(GitError) -> T in try body(callbacks) }
        }
    }

    /// Runs `body` on the worker thread with the open repository.
    func local<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws(GitError) -> T) async throws(GitError) -> T {
        try await worker.run { handle throws(GitError) in try body(try handle.repository()) }
    }
}

/// Calls `body` with a C string for `text`, or with nil.
func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}

/// Calls `body` with a `git_strarray` holding `strings`.
func withStrArray<R>(_ strings: [String], _ body: (inout git_strarray) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
