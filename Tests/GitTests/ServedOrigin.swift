import Foundation
import Git
import TestSupport

/// The ways the tests reach an origin repository.
enum Transport: String, CaseIterable, Sendable, CustomStringConvertible {
    case file, git, http, https
    var description: String { rawValue }
}

/// A seeded origin plus whatever server exposes it; everything stops when the value goes away.
final class ServedOrigin: Sendable {
    let origin: GitOrigin
    let url: String
    let ca: TestCA?
    let daemon: GitDaemonServer?
    let http: GitHTTPServer?
    let scratch: TemporaryDirectory

    private init(origin: GitOrigin, url: String, ca: TestCA?, daemon: GitDaemonServer?, http: GitHTTPServer?) throws {
        self.origin = origin
        self.url = url
        self.ca = ca
        self.daemon = daemon
        self.http = http
        scratch = try TemporaryDirectory(prefix: "iter8-git-local")
    }

    /// One CA for every https test: libgit2 1.5 has a single process-wide trust store, and replacing
    /// it frees the old one, which must not happen while another test is in a TLS handshake.
    static let sharedCA = Task { try await offPool { try TestCA() } }

    /// Starts an origin served over `transport`; `user` turns on HTTP basic authentication.
    static func start(
        _ transport: Transport, files: [String: String] = ["README.md": "seed\n"],
        user: (name: String, password: String)? = nil
    ) async throws -> ServedOrigin {
        let origin = try await offPool { try GitOrigin(files: files) }
        switch transport {
        case .file:
            return try ServedOrigin(origin: origin, url: origin.fileURL, ca: nil, daemon: nil, http: nil)
        case .git:
            let daemon = try await GitDaemonServer.start(serving: origin)
            return try ServedOrigin(origin: origin, url: daemon.url, ca: nil, daemon: daemon, http: nil)
        case .http:
            let http = try await GitHTTPServer.start(serving: origin, user: user)
            return try ServedOrigin(origin: origin, url: http.url, ca: nil, daemon: nil, http: http)
        case .https:
            let ca = try await sharedCA.value
            let http = try await GitHTTPServer.start(serving: origin, tls: ca, user: user)
            return try ServedOrigin(origin: origin, url: http.url, ca: ca, daemon: nil, http: http)
        }
    }

    /// The id `main` points at in origin (the `git` CLI).
    func head() async throws -> String {
        try await offPool { [origin] in try origin.head() }
    }

    /// `git show main:path` in origin.
    func show(_ path: String) async throws -> String {
        try await offPool { [origin] in try origin.show(path) }
    }

    /// Another writer (the `git` CLI in its own clone) pushes `files` to main; returns the new head.
    func anotherWriterPushes(_ files: [String: String]) async throws -> String {
        try await offPool { [origin] in try origin.pushFromAnotherWriter(files: files) }
    }

    /// Runs the `git` CLI in `directory` (origin's bare repository by default).
    func git(_ arguments: [String], in directory: URL? = nil) async throws -> String {
        try await Shell.git(arguments, in: directory ?? origin.bare)
    }

    /// The remote description for this origin. The default deadline is loose: on a loaded 2-core CI machine a push
    /// over https (lighttpd starting git-http-backend) once took longer than 20 s.
    func remote(credentials: GitCredentials = .none, timeout: Duration = .seconds(60)) -> GitRemote {
        // Plain http carries the tests' tokens only because they opt in (a production remote refuses).
        GitRemote(
            url: url, credentials: credentials, certificateAuthorityFile: ca?.caCertificate.path, timeout: timeout,
            allowsInsecureHTTP: url.hasPrefix("http://"))
    }

    /// Clones origin with libgit2 into a fresh directory under ``scratch``.
    func clone(
        named name: String = "local", bare: Bool = true, credentials: GitCredentials = .none
    ) async throws -> LibGit2Repository {
        try await LibGit2Repository.clone(remote(credentials: credentials), into: scratch.file(name).path, bare: bare)
    }
}

/// A fixed identity and time, so commit ids are reproducible.
enum Identity {
    static let bot = GitSignature(name: "iter8 bot", email: "bot@example.com", time: Date(timeIntervalSince1970: 1_800_000_000))

    static func at(_ seconds: TimeInterval) -> GitSignature {
        GitSignature(name: "iter8 bot", email: "bot@example.com", time: Date(timeIntervalSince1970: seconds))
    }
}

extension GitRepository {
    /// Commits `changes` on `parent` as the bot, failing the test if nothing changed.
    func commit(_ changes: [FileChange], on parent: GitOID, message: String = "Test change") async throws -> GitOID {
        guard let oid = try await commit(
            changes: changes, on: parent, author: Identity.bot, committer: Identity.bot, message: message)
        else { throw TestSupportError("the commit changed nothing") }
        return oid
    }
}

extension String {
    /// `self` trimmed of surrounding whitespace and newlines.
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
