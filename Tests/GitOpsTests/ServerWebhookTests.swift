import Foundation
import GitOps
import HTTPTransport
import Testing

@Suite("Control server: POST /webhook over HTTP")
struct ServerWebhookTests {
    @Test func aSignedGitHubPushToTheBranchWakesTheLoop() async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.github(body: ServerHarness.push())
            #expect(response.status == 202)
            #expect(response.text.contains("accepted"))
            let reason = await harness.trigger.wait(timeout: .seconds(10))
            #expect(reason == "github push to main (0123456789ab)")
            #expect(harness.sample(#"iter8_webhook_requests_total{result="accepted"}"#) == 1)
        }
    }

    @Test func aWrongSignatureIs401AndDoesNotTrigger() async throws {
        try await ServerHarness.with { (harness) async throws in
            let body = ServerHarness.push()
            let forged = WebhookVerifier.githubSignature(of: Array(body), secret: WebhookSecret("guessed"))
            let response = try await harness.github(body: body, signature: forged)
            #expect(response.status == 401)
            #expect(!response.text.contains(forged.dropFirst(7)))
            #expect(!response.text.contains(ServerHarness.secret))
            #expect(!harness.trigger.isPending)
            #expect(harness.sample(#"iter8_webhook_requests_total{result="unauthorized"}"#) == 1)
        }
    }

    @Test func aTamperedBodyIs401() async throws {
        try await ServerHarness.with { (harness) async throws in
            let signature = WebhookVerifier.githubSignature(
                of: Array(ServerHarness.push(ref: "refs/heads/other")), secret: WebhookSecret(ServerHarness.secret))
            let response = try await harness.github(body: ServerHarness.push(), signature: signature)
            #expect(response.status == 401)
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func aMissingSignatureIs401() async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.github(body: ServerHarness.push(), signature: .some(nil))
            #expect(response.status == 401)
            #expect(response.text.contains("missing X-Hub-Signature-256"))
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func aGarbledSignatureHeaderIs401() async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.github(body: ServerHarness.push(), signature: "sha1=abc")
            #expect(response.status == 401)
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func aGitLabPushWithTheTokenWakesTheLoop() async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.gitlab(body: ServerHarness.push(), token: ServerHarness.secret)
            #expect(response.status == 202)
            #expect(await harness.trigger.wait(timeout: .seconds(10)) == "gitlab push to main (0123456789ab)")
        }
    }

    @Test(arguments: ["wrong token", "It's a Secret to Everybod", "It's a Secret to Everybody!", ""])
    func aGitLabPushWithAWrongTokenIs401(token: String) async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.gitlab(body: ServerHarness.push(), token: token)
            #expect(response.status == 401)
            #expect(!response.text.contains(ServerHarness.secret))
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func aGitLabPushWithoutATokenIs401() async throws {
        try await ServerHarness.with { (harness) async throws in
            #expect(try await harness.gitlab(body: ServerHarness.push(), token: nil).status == 401)
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func aPushToAnotherBranchIsIgnored() async throws {
        try await ServerHarness.with { (harness) async throws in
            let github = try await harness.github(body: ServerHarness.push(ref: "refs/heads/feature"))
            #expect(github.status == 202)
            #expect(github.text.contains("ignored"))
            let tag = try await harness.gitlab(body: ServerHarness.push(ref: "refs/tags/main"), token: ServerHarness.secret)
            #expect(tag.status == 202)
            #expect(tag.text.contains("ignored"))
            #expect(!harness.trigger.isPending)
            #expect(harness.sample(#"iter8_webhook_requests_total{result="ignored"}"#) == 2)
        }
    }

    @Test func aPingIsAnswered200WithoutTriggering() async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.github("ping", body: Data(#"{"zen":"Keep it logically awesome."}"#.utf8))
            #expect(response.status == 200)
            #expect(!harness.trigger.isPending)
            #expect(harness.sample(#"iter8_webhook_requests_total{result="ping"}"#) == 1)
        }
    }

    @Test func otherEventsAreIgnored() async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.github("issues", body: Data(#"{"action":"opened"}"#.utf8))
            #expect(response.status == 202)
            #expect(!harness.trigger.isPending)
        }
    }

    @Test(arguments: [#"{"ref": "refs/heads/main""#, "not json", "[1,2]", #"{"ref": 7}"#, #"{"after":"abc"}"#])
    func aMalformedPayloadIs400(payload: String) async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.github(body: Data(payload.utf8))
            #expect(response.status == 400)
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func aRequestFromNeitherProviderIs400() async throws {
        try await ServerHarness.with { (harness) async throws in
            let response = try await harness.post(headers: ["Content-Type": "application/json"], body: ServerHarness.push())
            #expect(response.status == 400)
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func aBodyOverOneMebibyteIs413() async throws {
        try await ServerHarness.with { (harness) async throws in
            let body = Data(repeating: UInt8(ascii: " "), count: (1 << 20) + 1)
            let response = try await harness.github(body: body)
            #expect(response.status == 413)
            #expect(!harness.trigger.isPending)
            #expect(harness.sample(#"iter8_webhook_requests_total{result="tooLarge"}"#) == 1)
            // The server is still fine afterwards.
            #expect(try await harness.github(body: ServerHarness.push()).status == 202)
        }
    }

    @Test func aBodyOfExactlyTheLimitIsRead() async throws {
        try await ServerHarness.with { (harness) async throws in
            var body = ServerHarness.push()
            body.append(Data(repeating: UInt8(ascii: " "), count: (1 << 20) - body.count))
            #expect(body.count == 1 << 20)
            #expect(try await harness.github(body: body).status == 202)
        }
    }

    @Test func aFormEncodedGitHubPushIsAccepted() async throws {
        try await ServerHarness.with { (harness) async throws in
            let json = String(decoding: ServerHarness.push(), as: UTF8.self)
            let encoded = json.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let body = Data("payload=\(encoded)".utf8)
            var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded", "X-GitHub-Event": "push"]
            headers["X-Hub-Signature-256"] = WebhookVerifier.githubSignature(
                of: Array(body), secret: WebhookSecret(ServerHarness.secret))
            let response = try await harness.post(headers: headers, body: body)
            #expect(response.status == 202)
            #expect(harness.trigger.isPending)
        }
    }

    @Test func withoutASecretUnsignedRequestsAre401UnlessAllowed() async throws {
        let refusing = WebhookConfiguration(branch: "main", secret: nil)
        try await ServerHarness.with(webhook: refusing) { (harness) async throws in
            #expect(try await harness.github(body: ServerHarness.push(), signature: .some(nil)).status == 401)
            #expect(try await harness.gitlab(body: ServerHarness.push(), token: nil).status == 401)
            #expect(!harness.trigger.isPending)
        }
        let allowing = WebhookConfiguration(branch: "main", secret: nil, allowUnsigned: true)
        try await ServerHarness.with(webhook: allowing) { (harness) async throws in
            #expect(try await harness.github(body: ServerHarness.push(), signature: .some(nil)).status == 202)
            #expect(try await harness.gitlab(body: ServerHarness.push(), token: nil).status == 202)
            #expect(harness.trigger.isPending)
        }
    }

    @Test func allowUnsignedDoesNotWaiveAConfiguredSecret() async throws {
        let configuration = WebhookConfiguration(branch: "main", secret: WebhookSecret("s3cret"), allowUnsigned: true)
        try await ServerHarness.with(webhook: configuration) { (harness) async throws in
            #expect(try await harness.github(body: ServerHarness.push(), signature: .some(nil)).status == 401)
            #expect(try await harness.gitlab(body: ServerHarness.push(), token: nil).status == 401)
            #expect(!harness.trigger.isPending)
        }
    }

    @Test func withoutAWebhookConfigurationTheRouteIs404() async throws {
        try await ServerHarness.with(webhook: nil) { (harness) async throws in
            #expect(try await harness.github(body: ServerHarness.push()).status == 404)
            #expect(!harness.trigger.isPending)
        }
    }
}
