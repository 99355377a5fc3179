/// What became of one webhook request (the `result` label of `iter8_webhook_requests_total`).
public enum WebhookResult: String, Sendable, Hashable, CaseIterable {
    /// A verified push to the watched branch: the loop was woken (202).
    case accepted
    /// A verified event that needs nothing: a push to another ref or another event type (202).
    case ignored
    /// A verified GitHub `ping` (200).
    case ping
    /// Missing or wrong signature or token, or unsigned requests not allowed (401).
    case unauthorized
    /// Not a GitHub or GitLab webhook, or a payload that is not the expected JSON (400).
    case malformed
    /// A body over the limit (413).
    case tooLarge
    /// A verified push already seen (the same delivery id or the same signed body): answered 202, the loop is
    /// not woken again.
    case duplicate
    /// The body did not arrive within the read timeout; the connection was closed.
    case timedOut
    /// As many bodies as allowed were being read already: answered 503 before this one was read.
    case busy
}

/// The verifier's answer to one request: the status and plain-text body to send, and, for an accepted
/// push, the reason to fire the poll trigger with. Never contains the secret or the signature.
public struct WebhookDecision: Sendable, Hashable {
    /// Which webhook dialect a request speaks.
    public enum Provider: String, Sendable, Hashable {
        /// GitHub (`X-GitHub-Event`).
        case github
        /// GitLab (`X-Gitlab-Event`).
        case gitlab
    }

    /// The outcome class, for metrics and logs.
    public var result: WebhookResult
    /// The HTTP status to answer with.
    public var status: Int
    /// A short plain-text explanation, sent as the response body.
    public var message: String
    /// The provider, when it could be told.
    public var provider: Provider?
    /// For an accepted push: the reason to wake the loop with, e.g. `github push to main (a1b2c3d4e5f6)`.
    public var triggerReason: String?

    /// Creates a decision.
    public init(
        _ result: WebhookResult, status: Int, _ message: String, provider: Provider? = nil, triggerReason: String? = nil
    ) {
        self.result = result
        self.status = status
        self.message = message
        self.provider = provider
        self.triggerReason = triggerReason
    }
}
