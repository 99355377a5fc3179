import Foundation
import Git
import Testing
import TestSupport

/// HTTP basic authentication: right credentials work, wrong or missing ones fail once, fast.
@Suite struct AuthenticationTests {
    static let user = (name: "reconciler", password: "s3cret-token-42")

    @Test(arguments: [Transport.http, .https])
    func correctCredentialsPushAndFetch(transport: Transport) async throws {
        let served = try await ServedOrigin.start(transport, user: Self.user)
        let credentials = GitCredentials.userToken(user: Self.user.name, token: Self.user.password)
        let repo = try await served.clone(credentials: credentials)
        let seed = try await repo.remoteHead(branch: "main")
        let ours = try await repo.commit([.write("x.txt", "x\n")], on: seed)
        try await repo.push(commit: ours, to: "main")
        #expect(try await served.head() == ours.hex)
        #expect(try await repo.fetch(branch: "main") == ours)
    }

    @Test(arguments: [
        GitCredentials.userToken(user: "reconciler", token: "wrong-token-99"), .userToken(user: "nobody", token: "s3cret-token-42"),
        GitCredentials.none,
    ])
    func wrongCredentialsAreAuthenticationErrors(credentials: GitCredentials) async throws {
        let served = try await ServedOrigin.start(.http, user: Self.user)
        let local = try await ServedOrigin.start(.file)
        let repo = try await local.clone()
        let remote = GitRemote(url: served.url, credentials: credentials, timeout: .seconds(120), allowsInsecureHTTP: true)
        let other = try await LibGit2Repository.open(at: repo.gitDirectory, remote: remote)

        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: GitError.self) { try await other.remoteHead(branch: "main") }
        #expect(error?.code == .authentication, "\(String(describing: error))")
        // One rejected attempt, then give up: no loop until the 120 s deadline (bound loose for a busy CI box).
        #expect(clock.now - started < .seconds(60))
        if case .userToken = credentials {
            #expect(error?.message.contains("rejected the credentials") == true)
        } else {
            #expect(error?.message.contains("none are configured") == true)
        }
        #expect(error?.remote == served.url)
        #expect(error.map { "\($0)" }?.contains("wrong-token-99") == false)
        let pushError = await #expect(throws: GitError.self) {
            try await other.push(commit: try await repo.resolveReference("HEAD")!, to: "main")
        }
        #expect(pushError?.code == .authentication)
    }

    @Test func credentialsDescriptionIsRedacted() {
        let text = "\(GitCredentials.userToken(user: "bot", token: "tok-123"))"
        #expect(text.contains("bot"))
        #expect(!text.contains("tok-123"))
        let ssh = GitCredentials.sshKeyMemory(user: "git", privateKey: "-----BEGIN KEY-----abc", publicKey: nil, passphrase: "pp")
        #expect(!"\(ssh)".contains("BEGIN KEY") && !"\(ssh)".contains("pp)"))
        let remote = GitRemote(url: "https://bot:tok-123@git.example.com/repo.git?x=1", credentials: .userToken(user: "bot", token: "tok-123"))
        #expect("\(remote)" == "GitRemote(https://REDACTED@git.example.com/repo.git, origin, credentials: userToken(user: bot, token: REDACTED))")
    }
}
