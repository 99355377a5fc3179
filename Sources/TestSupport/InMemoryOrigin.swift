import Foundation
import Git
import Synchronization

/// A Git server kept in memory, for fast tests: branches and commits (each with its whole tree), no process, no
/// disk. ``InMemoryGitRepository`` is a clone of it; a test commits as another writer with
/// ``commit(_:message:author:)``, reads what was pushed with ``file(_:at:)`` and ``log(_:)``, and injects failures
/// (an unreachable server, refused pushes, a hook before each push).
///
/// Commit ids are SHA-1 hashes of the commit's parents, tree, signatures and message (not Git's object format, but
/// as deterministic: the same commit made twice has the same id); file entries carry Git's blob ids
/// (``Git/GitOID/blob(of:)``), as the reconciler compares them with the status files it wrote.
public final class InMemoryOrigin: Sendable {
    /// One file of a tree.
    public struct Blob: Hashable, Sendable {
        /// The content.
        public var data: Data
        /// Mode 100755 instead of 100644.
        public var executable: Bool
        /// Git's id for the content.
        public var oid: GitOID
    }

    /// One commit with its whole tree.
    public struct Commit: Sendable {
        /// The commit as history shows it.
        public var commit: GitCommit
        /// Every file, by path from the root.
        public var files: [String: Blob]
    }

    /// A failure the server answers with instead of doing the operation.
    public enum Failure: Sendable {
        /// The server cannot be reached (every network operation throws ``Git/GitError`` `.network`).
        case unreachable
        /// The server refuses the credentials (every network operation throws `.authentication`).
        case authentication
        /// The next pushes are refused by the server (a hook, a protected branch): `.rejected`.
        case rejectPushes(count: Int)
    }

    struct State {
        var commits: [GitOID: Commit] = [:]
        var branches: [String: GitOID] = [:]
        /// Set: every network operation fails with this code.
        var down: GitError.Code?
        var rejections = 0
        var attempts = 0
        var pushes = 0
        var humanCommits = 0
        /// Branches that refuse every push (people's commits still land: ``commit(_:message:author:on:)``).
        var protected: Set<String> = []
        var protectedRefusals = 0
    }

    let state = Mutex(State())
    /// The branch seeded by ``init(branch:files:time:)``.
    public let branch: String
    /// Called before each push is applied, with its 1-based number: another writer may commit here (a race).
    let beforePush: Mutex<(@Sendable (Int) async throws -> Void)?> = Mutex(nil)
    /// The time of the seed commit; another writer's commits are one second apart after it unless given a time.
    let epoch: Date

    /// An origin whose `branch` holds one commit with `files` (path → text).
    public init(branch: String = "main", files: [String: String], time: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.branch = branch
        self.epoch = time
        let author = GitSignature(name: "seed", email: "seed@example.com", time: time)
        var blobs: [String: Blob] = [:]
        for (path, text) in files { blobs[path] = Self.blob(Data(text.utf8), executable: false) }
        let commit = Self.make(files: blobs, parents: [], author: author, message: "Seed\n")
        state.withLock { state in
            state.commits[commit.commit.id] = commit
            state.branches[branch] = commit.commit.id
        }
    }

    // MARK: - Another writer

    /// Another writer commits `changes` (path → new text, nil deletes) on `branch` and pushes: returns the new head.
    @discardableResult
    public func commit(
        _ changes: [String: String?], message: String = "Another writer\n", author: GitSignature? = nil, on branch: String? = nil
    ) throws -> GitOID {
        try commit(
            changes: changes.map { path, text in text.map { FileChange.write(path, $0) } ?? .delete(path: path) },
            message: message, author: author, on: branch)
    }

    /// Another writer commits `changes` on `branch` and pushes: returns the new head.
    @discardableResult
    public func commit(changes: [FileChange], message: String, author: GitSignature? = nil, on branch: String? = nil) throws -> GitOID {
        let branch = branch ?? self.branch
        return try state.withLock { state in
            state.humanCommits += 1
            let signature = author ?? GitSignature(
                name: "A Human", email: "human@example.com", time: epoch.addingTimeInterval(Double(state.humanCommits)))
            guard let parent = state.branches[branch], let base = state.commits[parent] else {
                throw TestSupportError("no branch \(branch) in the in-memory origin")
            }
            let commit = Self.make(
                files: try Self.apply(changes, to: base.files), parents: [parent], author: signature, message: message)
            state.commits[commit.commit.id] = commit
            state.branches[branch] = commit.commit.id
            return commit.commit.id
        }
    }

    /// Points `branch` at `commit` whatever it pointed at (a force push: a rewritten history).
    public func forceBranch(_ branch: String? = nil, to commit: GitOID) {
        state.withLock { $0.branches[branch ?? self.branch] = commit }
    }

    // MARK: - Reading

    /// The head of `branch` (default: the seeded one).
    public func head(_ branch: String? = nil) -> GitOID? {
        state.withLock { $0.branches[branch ?? self.branch] }
    }

    /// The text of `path` at `commit` (default: the head of the seeded branch); nil when there is no such file.
    public func file(_ path: String, at commit: GitOID? = nil) -> String? {
        state.withLock { state in
            guard let id = commit ?? state.branches[branch], let stored = state.commits[id] else { return nil }
            return stored.files[path].map { String(decoding: $0.data, as: UTF8.self) }
        }
    }

    /// Every path at `commit` (default: the head), sorted.
    public func paths(at commit: GitOID? = nil) -> [String] {
        state.withLock { state in
            guard let id = commit ?? state.branches[branch], let stored = state.commits[id] else { return [] }
            return stored.files.keys.sorted()
        }
    }

    /// The first-parent history of `branch` (default: the seeded one), newest first.
    public func log(_ branch: String? = nil) -> [GitCommit] {
        state.withLock { state in
            var commits: [GitCommit] = []
            var next = state.branches[branch ?? self.branch]
            while let id = next, let stored = state.commits[id] {
                commits.append(stored.commit)
                next = stored.commit.parents.first
            }
            return commits
        }
    }

    /// The paths `commit` changed relative to its first parent, sorted.
    public func changedPaths(of commit: GitOID) -> [String] {
        state.withLock { state in
            guard let stored = state.commits[commit] else { return [] }
            let before = stored.commit.parents.first.flatMap { state.commits[$0]?.files } ?? [:]
            return Set(before.keys).union(stored.files.keys).filter { before[$0] != stored.files[$0] }.sorted()
        }
    }

    /// Pushes accepted so far.
    public var pushCount: Int { state.withLock { $0.pushes } }
    /// Pushes attempted so far (accepted or not).
    public var pushAttempts: Int { state.withLock { $0.attempts } }

    // MARK: - Failures

    /// Makes the server fail as `failure` says.
    public func inject(_ failure: Failure) {
        state.withLock { state in
            switch failure {
            case .unreachable: state.down = .network
            case .authentication: state.down = .authentication
            case .rejectPushes(let count): state.rejections += count
            }
        }
    }

    /// The server answers again and accepts pushes.
    public func heal() {
        state.withLock { state in
            state.down = nil
            state.rejections = 0
        }
    }

    /// Makes `branch` refuse every push from now on, as a protected branch does (`.rejected`, "protected branch");
    /// another writer's commits (``commit(_:message:author:on:)``: a merge on the forge) still land there.
    public func protect(_ branch: String) {
        state.withLock { _ = $0.protected.insert(branch) }
    }

    /// Pushes refused by a protected branch so far.
    public var protectedRefusals: Int { state.withLock { $0.protectedRefusals } }

    /// Runs `hook` before each push (with its 1-based number), e.g. another writer's commit: a deterministic race.
    public func beforeEachPush(_ hook: (@Sendable (Int) async throws -> Void)?) {
        beforePush.withLock { $0 = hook }
    }

    // MARK: - The clone's side

    func stored(_ id: GitOID) -> Commit? { state.withLock { $0.commits[id] } }

    func store(_ commit: Commit) { state.withLock { $0.commits[commit.commit.id] = commit } }

    /// Every commit reachable from `id`, `id` included.
    func reachable(from id: GitOID) -> Set<GitOID> {
        state.withLock { state in
            var seen: Set<GitOID> = []
            var queue = [id]
            while let next = queue.popLast() {
                guard seen.insert(next).inserted, let stored = state.commits[next] else { continue }
                queue += stored.commit.parents
            }
            return seen
        }
    }

    func remoteHead(_ branch: String) throws(GitError) -> GitOID {
        let (down, head) = state.withLock { ($0.down, $0.branches[branch]) }
        if let down { throw Self.failure(down, "git_remote_ls") }
        guard let head else {
            throw GitError(code: .notFound, operation: "git_remote_ls", message: "the remote has no branch \(branch)")
        }
        return head
    }

    func push(_ commit: GitOID, to branch: String) async throws {
        let (number, down) = state.withLock { state -> (Int, GitError.Code?) in
            if let down = state.down { return (0, down) }
            state.attempts += 1
            return (state.attempts, nil)
        }
        if let down { throw Self.failure(down, "git_remote_push") }
        if let hook = beforePush.withLock({ $0 }) { try await hook(number) }
        try state.withLock { state throws(GitError) in
            if let down = state.down { throw Self.failure(down, "git_remote_push") }
            if state.protected.contains(branch) {
                state.protectedRefusals += 1
                throw GitError(
                    code: .rejected, operation: "git_remote_push", message: "refs/heads/\(branch): protected branch hook declined")
            }
            if state.rejections > 0 {
                state.rejections -= 1
                throw GitError(
                    code: .rejected, operation: "git_remote_push", message: "refs/heads/\(branch): pre-receive hook declined")
            }
            if let current = state.branches[branch], current != commit {
                var seen: Set<GitOID> = []
                var queue = [commit]
                var fastForward = false
                while let next = queue.popLast(), !fastForward {
                    guard seen.insert(next).inserted, let stored = state.commits[next] else { continue }
                    fastForward = next == current
                    queue += stored.commit.parents
                }
                guard fastForward else {
                    throw GitError(
                        code: .nonFastForward, operation: "git_remote_push",
                        message: "cannot push non-fastforwardable reference refs/heads/\(branch)")
                }
            }
            state.branches[branch] = commit
            state.pushes += 1
        }
    }

    static func failure(_ code: GitError.Code, _ operation: String) -> GitError {
        let message = code == .authentication
            ? "authentication required but no callback set: the in-memory origin refused the credentials"
            : "failed to connect to the in-memory origin: connection refused"
        return GitError(code: code, operation: operation, message: message)
    }

    // MARK: - Objects

    static func blob(_ data: Data, executable: Bool) -> Blob {
        Blob(data: data, executable: executable, oid: GitOID.blob(of: data) ?? hash("blob", data))
    }

    static func apply(_ changes: [FileChange], to files: [String: Blob]) throws -> [String: Blob] {
        var files = files
        for change in changes {
            guard isValidPath(change.path) else { throw TestSupportError("invalid path '\(change.path)'") }
            switch change {
            case .write(let path, let data, let executable):
                // A file replaces a directory of the same name and the other way round, as in a Git tree.
                files = files.filter { !$0.key.hasPrefix(path + "/") }
                for prefix in Self.parents(of: path) { files[prefix] = nil }
                files[path] = blob(data, executable: executable)
            case .delete(let path):
                files[path] = nil
            }
        }
        return files
    }

    static func parents(of path: String) -> [String] {
        let parts = path.split(separator: "/")
        return parts.indices.dropLast().map { parts[...$0].joined(separator: "/") }
    }

    static func make(files: [String: Blob], parents: [GitOID], author: GitSignature, committer: GitSignature? = nil, message: String)
        -> Commit
    {
        let committer = committer ?? author
        var text = "tree \(treeID(files).hex)\n"
        for parent in parents { text += "parent \(parent.hex)\n" }
        for (role, signature) in [("author", author), ("committer", committer)] {
            text += "\(role) \(signature.name) <\(signature.email)> \(signature.time.timeIntervalSince1970)\n"
        }
        text += "\n" + message
        let id = hash("commit", Data(text.utf8))
        return Commit(
            commit: GitCommit(id: id, parents: parents, message: message, author: author, time: committer.time), files: files)
    }

    static func treeID(_ files: [String: Blob]) -> GitOID {
        hash("tree", Data(files.sorted { $0.key < $1.key }.map { "\($0.value.executable ? 100755 : 100644) \($0.key) \($0.value.oid.hex)\n" }.joined().utf8))
    }

    /// A directory's id under `prefix` (`path/`), for non-recursive listings.
    static func directoryID(_ files: [String: Blob], prefix: String) -> GitOID {
        treeID(files.filter { $0.key.hasPrefix(prefix) })
    }

    static func hash(_ kind: String, _ data: Data) -> GitOID {
        // Git's blob hash of a prefixed payload: a SHA-1 that differs per kind and content.
        var payload = Data("\(kind)\u{0}".utf8)
        payload.append(data)
        return GitOID.blob(of: payload) ?? GitOID(hex: String(repeating: "0", count: 40))!
    }

    /// A path a commit may hold: relative, `/`-separated, no empty, `.` or `..` component.
    static func isValidPath(_ path: String) -> Bool {
        !path.isEmpty && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
