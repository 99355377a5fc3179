import Foundation
import GitOps

/// Webhook payloads: `POST /webhook` requests as GitHub and GitLab send them, and as anyone else might — signed
/// correctly (so the payload parser is reached), signed wrongly, unsigned, with JSON or form bodies. The input is
/// four bytes choosing the provider headers, the event, the authentication and the content type, then the body.
// libFuzzer: -dict=Benchmarks/fuzz/dict/json.dict
@_cdecl("LLVMFuzzerTestOneInput")
public func webhook(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    var input = FuzzInput(data, count)
    let provider = input.byte() % 4
    let event = input.choose(["push", "ping", "Push Hook", "issues", "Tag Push Hook", ""])
    let authentication = input.byte() % 4
    let contentType = input.choose(["application/json", "application/x-www-form-urlencoded", "text/plain", nil])
    let body = input.rest()
    let secret = WebhookSecret("fuzz-secret")
    var headers: [String: String] = [:]
    if provider == 0 || provider == 3 { headers["X-GitHub-Event"] = event }
    if provider == 1 || provider == 3 { headers["X-Gitlab-Event"] = event }
    if let contentType { headers["Content-Type"] = contentType }
    switch authentication {
    case 0:
        headers["X-Hub-Signature-256"] = WebhookVerifier.githubSignature(of: body, secret: secret)
        headers["X-Gitlab-Token"] = "fuzz-secret"
    case 1:
        headers["X-Hub-Signature-256"] = "sha256=" + String(repeating: "0", count: 64)
        headers["X-Gitlab-Token"] = "wrong"
    default:
        break
    }
    let verifier = WebhookVerifier(
        configuration: WebhookConfiguration(branch: "main", secret: authentication == 3 ? nil : secret, allowUnsigned: authentication == 3))
    let decision = verifier.evaluate(headers: headers, body: body)
    _ = decision.message
    _ = decision.triggerReason
    return 0
}
