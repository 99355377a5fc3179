import Foundation
import GitOps
import Testing

/// What the headers alone decide, before the body is read: the verifier's ``WebhookVerifier/precheck(headers:)``.
@Suite("Control server: webhook headers checked before the body")
struct ServerWebhookPrecheckTests {
    static let secret = WebhookSecret("s3cret")
    static let verifier = WebhookVerifier(configuration: WebhookConfiguration(branch: "main", secret: secret))
    static let wellFormed = "sha256=" + String(repeating: "ab", count: 32)

    @Test("refusals the headers decide", arguments: [
        ([:], WebhookResult.malformed, 400),
        (["X-GitHub-Event": "push"], .unauthorized, 401),
        (["X-GitHub-Event": "push", "X-Hub-Signature-256": "sha256=abc"], .unauthorized, 401),
        (["X-GitHub-Event": "push", "X-Hub-Signature-256": "sha1=" + String(repeating: "ab", count: 20)], .unauthorized, 401),
        (["X-Gitlab-Event": "Push Hook"], .unauthorized, 401),
        (["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "s3cre"], .unauthorized, 401),
        (["X-GitHub-Event": "push", "X-Hub-Signature-256": wellFormed, "Content-Length": "1048577"], .tooLarge, 413),
        (["x-gitlab-event": "Push Hook", "x-gitlab-token": "s3cret", "content-length": "99999999999999999999999"], .tooLarge, 413),
        (["X-GitHub-Event": "push", "X-Hub-Signature-256": wellFormed, "Content-Length": "12a"], .malformed, 400),
    ])
    func refused(headers: [String: String], result: WebhookResult, status: Int) throws {
        let decision = try #require(Self.verifier.precheck(headers: headers))
        #expect(decision.result == result && decision.status == status, "\(decision)")
        #expect(!decision.message.contains("s3cret"))
    }

    @Test("headers that need the body to decide pass", arguments: [
        ["X-GitHub-Event": "push", "X-Hub-Signature-256": wellFormed, "Content-Length": "1048576"],
        ["X-Gitlab-Event": "Push Hook", "X-Gitlab-Token": "s3cret"],
        ["X-GitHub-Event": "push", "X-Hub-Signature-256": wellFormed, "Transfer-Encoding": "chunked"],
    ])
    func passes(headers: [String: String]) {
        #expect(Self.verifier.precheck(headers: headers) == nil)
    }

    @Test("without a secret, unsigned requests are refused from the headers unless allowed")
    func unsigned() {
        let strict = WebhookVerifier(configuration: WebhookConfiguration(branch: "main", secret: nil))
        #expect(strict.precheck(headers: ["X-GitHub-Event": "push"])?.status == 401)
        let open = WebhookVerifier(configuration: WebhookConfiguration(branch: "main", secret: nil, allowUnsigned: true))
        #expect(open.precheck(headers: ["X-GitHub-Event": "push"]) == nil)
    }

    @Test("a well-formed but wrong signature passes the headers and fails on the body")
    func wrongSignature() {
        let headers = ["X-GitHub-Event": "push", "X-Hub-Signature-256": Self.wellFormed]
        #expect(Self.verifier.precheck(headers: headers) == nil)
        #expect(Self.verifier.evaluate(headers: headers, body: Array("{}".utf8)).status == 401)
    }
}
