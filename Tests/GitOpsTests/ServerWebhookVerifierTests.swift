import Foundation
import GitOps
import TestSupport
import Testing

@Suite("Control server: webhook signatures and secrets")
struct ServerWebhookVerifierTests {
    static let vectorSecret = WebhookSecret("It's a Secret to Everybody")
    static let vectorSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    @Test func githubsDocumentedTestVector() {
        let signature = WebhookVerifier.githubSignature(of: Array("Hello, World!".utf8), secret: Self.vectorSecret)
        #expect(signature == Self.vectorSignature)
    }

    @Test func theSignatureAgreesWithOpenSSL() async throws {
        let body = #"{"ref":"refs/heads/main","after":"ff"}"#
        let openssl = try RequiredTool.path("openssl", package: "openssl")
        let output = try await Shell.run(openssl, ["dgst", "-sha256", "-hmac", "k3y", "-r"], input: Data(body.utf8))
        let hex = output.split(separator: " ").first.map(String.init)
        #expect(WebhookVerifier.githubSignature(of: Array(body.utf8), secret: WebhookSecret("k3y")) == "sha256=\(hex ?? "?")")
    }

    @Test func theVectorVerifiesAndAnUppercaseDigestToo() {
        let verifier = WebhookVerifier(configuration: WebhookConfiguration(branch: "main", secret: Self.vectorSecret))
        let body = Array("Hello, World!".utf8)
        let lower = verifier.evaluate(headers: ["X-GitHub-Event": "ping", "X-Hub-Signature-256": Self.vectorSignature], body: body)
        #expect(lower.result == .ping)
        let upper = "sha256=" + Self.vectorSignature.dropFirst(7).uppercased()
        let header = verifier.evaluate(headers: ["x-github-event": "ping", "x-hub-signature-256": upper], body: body)
        #expect(header.result == .ping)
        var flipped = Array(Self.vectorSignature)
        flipped[flipped.count - 1] = flipped.last == "7" ? "8" : "7"
        let bad = verifier.evaluate(headers: ["X-GitHub-Event": "ping", "X-Hub-Signature-256": String(flipped)], body: body)
        #expect(bad.result == .unauthorized)
        #expect(bad.status == 401)
    }

    @Test func theSecretNeverShows() {
        let configuration = WebhookConfiguration(branch: "main", secret: WebhookSecret("hunter2-very-secret"))
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in ["\(configuration)", String(reflecting: configuration), dumped, "\(configuration.secret!)"] {
            #expect(!text.contains("hunter2"), "\(text)")
        }
        #expect("\(configuration.secret!)" == "<redacted>")
    }

    @Test func aTrailingNewlineInTheSecretIsNotPartOfIt() {
        let verifier = WebhookVerifier(configuration: WebhookConfiguration(branch: "main", secret: WebhookSecret("tok\n")))
        let decision = verifier.evaluate(
            headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "tok"], body: Array(#"{"ref":"refs/heads/main"}"#.utf8))
        #expect(decision.result == .accepted)
        #expect(decision.triggerReason == "gitlab push to main")
    }

    @Test func anEmptySecretCountsAsNone() {
        let configuration = WebhookConfiguration(branch: "main", secret: WebhookSecret(""))
        #expect(configuration.secret == nil)
        let decision = WebhookVerifier(configuration: configuration).evaluate(
            headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": ""], body: Array(#"{"ref":"refs/heads/main"}"#.utf8))
        #expect(decision.status == 401)
        var assigned = WebhookConfiguration(branch: "main", secret: nil)
        assigned.secret = WebhookSecret("")  // set directly, bypassing the initialiser's normalisation
        let direct = WebhookVerifier(configuration: assigned).evaluate(
            headers: ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": ""], body: Array(#"{"ref":"refs/heads/main"}"#.utf8))
        #expect(direct.status == 401)
    }

    @Test func refsInMessagesAreSanitised() {
        let verifier = WebhookVerifier(configuration: WebhookConfiguration(branch: "main", secret: nil, allowUnsigned: true))
        let decision = verifier.evaluate(
            headers: ["X-GitHub-Event": "push"], body: Array(#"{"ref":"refs/heads/x\u001b[31m\nevil"}"#.utf8))
        #expect(decision.result == .ignored)
        #expect(!decision.message.contains("\u{1b}"))
        #expect(!decision.message.contains("\n"))
    }
}
