import Foundation
import Git
import Testing
import TestSupport

/// A token never reaches the clone's files: libgit2 is given the URL without its password (it would write it to
/// `config`, `FETCH_HEAD` and the reflogs) and asks for credentials through the callback instead.
@Suite("Tokens are never stored in the clone")
struct CredentialStorageTests {
    /// A token with every URL delimiter in it.
    static let user = (name: "reconciler", password: "t0k/en?q=1#fr@g:x-7781")
    static let encoded = user.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!

    /// Every file under `directory` whose bytes contain one of `secrets`.
    static func filesHolding(_ secrets: [String], under directory: String) throws -> [String] {
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            let path = directory + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if secrets.contains(where: { data.range(of: Data($0.utf8)) != nil }) { found.append(relative) }
        }
        return found
    }

    @Test(arguments: [true, false])
    func tokenInTheURL(bare: Bool) async throws {
        let served = try await ServedOrigin.start(.https, user: Self.user)
        let url = served.url.replacingOccurrences(of: "https://", with: "https://\(Self.user.name):\(Self.encoded)@")
        let remote = GitRemote(url: url, certificateAuthorityFile: served.ca?.caCertificate.path, timeout: .seconds(60))
        let directory = served.scratch.file("clone").path
        let repo = try await LibGit2Repository.clone(remote, into: directory, bare: bare, branch: "main")
        let seed = try await repo.remoteHead(branch: "main")
        let ours = try await repo.commit([.write("x.txt", "x\n")], on: seed)
        try await repo.push(commit: ours, to: "main")
        #expect(try await repo.fetch(branch: "main") == ours)
        #expect(try await served.head() == ours.hex)

        let gitDirectory = bare ? directory : directory + "/.git"
        let config = try String(contentsOfFile: gitDirectory + "/config", encoding: .utf8)
        #expect(config.contains("url = https://\(Self.user.name)@localhost:"), "\(config)")
        #expect(try Self.filesHolding([Self.user.password, Self.encoded], under: directory) == [])

        // A restart opens the same clone with the same settings and still authenticates.
        let reopened = try await LibGit2Repository.open(at: directory, remote: remote)
        #expect(try await reopened.fetch(branch: "main") == ours)
        #expect(try Self.filesHolding([Self.user.password, Self.encoded], under: directory) == [])
    }

    @Test func tokenAsCredentials() async throws {
        let served = try await ServedOrigin.start(.https, user: Self.user)
        let credentials = GitCredentials.userToken(user: Self.user.name, token: Self.user.password)
        let directory = served.scratch.file("clone").path
        let repo = try await LibGit2Repository.clone(served.remote(credentials: credentials), into: directory, bare: true)
        let seed = try await repo.remoteHead(branch: "main")
        try await repo.push(commit: try await repo.commit([.write("y.txt", "y\n")], on: seed), to: "main")
        _ = try await repo.fetch(branch: "main")
        #expect(try Self.filesHolding([Self.user.password, Self.encoded], under: directory) == [])
    }

    @Test func aCloneFromAnEarlierVersionIsScrubbedWhenOpened() async throws {
        let served = try await ServedOrigin.start(.https, user: Self.user)
        let url = served.url.replacingOccurrences(of: "https://", with: "https://\(Self.user.name):\(Self.encoded)@")
        let remote = GitRemote(url: url, certificateAuthorityFile: served.ca?.caCertificate.path, timeout: .seconds(60))
        let directory = served.scratch.file("clone").path
        _ = try await LibGit2Repository.clone(remote, into: directory, bare: true, branch: "main")
        // What 87aebbc left behind: the token-bearing URL in config (and a push URL), and FETCH_HEAD naming it.
        let folder = URL(fileURLWithPath: directory)
        _ = try await Shell.git(["config", "remote.origin.url", url], in: folder)
        _ = try await Shell.git(["config", "remote.origin.pushurl", url], in: folder)
        let head = try await served.head()
        try "\(head)\t\tbranch 'main' of \(url)\n".write(toFile: directory + "/FETCH_HEAD", atomically: true, encoding: .utf8)
        #expect(try Self.filesHolding([Self.encoded], under: directory).sorted() == ["FETCH_HEAD", "config"])

        let reopened = try await LibGit2Repository.open(at: directory, remote: remote)
        #expect(try Self.filesHolding([Self.user.password, Self.encoded], under: directory) == [])
        #expect(try await Shell.git(["config", "remote.origin.url"], in: folder).trimmed.hasPrefix("https://\(Self.user.name)@localhost:"))
        #expect(try await reopened.fetch(branch: "main").hex == head)
        #expect(try Self.filesHolding([Self.user.password, Self.encoded], under: directory) == [])
    }

    @Test func aWrongPasswordInTheURLIsNotEchoed() async throws {
        let served = try await ServedOrigin.start(.https, user: Self.user)
        let wrong = "wr0ng/p@ss?#:word"
        let url = served.url.replacingOccurrences(
            of: "https://",
            with: "https://\(Self.user.name):\(wrong.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)@")
        let remote = GitRemote(url: url, certificateAuthorityFile: served.ca?.caCertificate.path, timeout: .seconds(60))
        let error = await #expect(throws: GitError.self) {
            _ = try await LibGit2Repository.clone(remote, into: served.scratch.file("clone").path, bare: true)
        }
        #expect(error?.code == .authentication, "\(String(describing: error))")
        let text = error.map { "\($0)" } ?? ""
        #expect(!text.contains(wrong) && !text.contains("wr0ng"), "\(text)")
    }
}

/// A password or token is never sent over plain http unless the remote explicitly allows it.
@Suite("No token over plain http")
struct InsecureHTTPTests {
    static let user = (name: "reconciler", password: "plain-http-token-5150")

    static func remotes(_ url: String) -> [GitRemote] {
        let inURL = url.replacingOccurrences(of: "http://", with: "http://\(user.name):\(user.password)@")
        return [
            GitRemote(url: url, credentials: .userToken(user: user.name, token: user.password), timeout: .seconds(60)),
            GitRemote(url: inURL, timeout: .seconds(60)),
            GitRemote(url: inURL.replacingOccurrences(of: "http://", with: "HTTP://"), timeout: .seconds(60)),
        ]
    }

    @Test func refusedBeforeConnecting() async throws {
        let served = try await ServedOrigin.start(.http, user: Self.user)
        for (index, remote) in Self.remotes(served.url).enumerated() {
            let directory = served.scratch.file("clone-\(index)").path
            let error = await #expect(throws: GitError.self) {
                _ = try await LibGit2Repository.clone(remote, into: directory, bare: true)
            }
            #expect(error?.code == .insecureTransport, "\(String(describing: error))")
            let text = error.map { "\($0)" } ?? ""
            #expect(text.contains("plain http://") && text.contains("--allow-insecure-http"), "\(text)")
            #expect(!text.contains(Self.user.password))
            #expect(!FileManager.default.fileExists(atPath: directory + "/config"))
        }
        // An existing clone opened with a token over http refuses every network operation the same way.
        let local = try await ServedOrigin.start(.file)
        let clone = try await local.clone()
        let repo = try await LibGit2Repository.open(at: clone.gitDirectory, remote: Self.remotes(served.url)[0])
        let fetch = await #expect(throws: GitError.self) { try await repo.fetch(branch: "main") }
        #expect(fetch?.code == .insecureTransport)
        let push = await #expect(throws: GitError.self) {
            try await repo.push(commit: try await clone.resolveReference("HEAD")!, to: "main")
        }
        #expect(push?.code == .insecureTransport)
        let head = await #expect(throws: GitError.self) { try await repo.remoteHead(branch: "main") }
        #expect(head?.code == .insecureTransport)
    }

    @Test func allowedExplicitly() async throws {
        let served = try await ServedOrigin.start(.http, user: Self.user)
        for (index, var remote) in Self.remotes(served.url).enumerated() {
            remote.allowsInsecureHTTP = true
            let repo = try await LibGit2Repository.clone(remote, into: served.scratch.file("clone-\(index)").path, bare: true)
            #expect(try await repo.remoteHead(branch: "main").hex == (try await served.head()))
        }
    }

    @Test func anonymousHTTPNeedsNoPermission() async throws {
        let served = try await ServedOrigin.start(.http)
        let repo = try await LibGit2Repository.clone(
            GitRemote(url: served.url, timeout: .seconds(60)), into: served.scratch.file("clone").path, bare: true)
        #expect(try await repo.remoteHead(branch: "main").hex == (try await served.head()))
    }
}
