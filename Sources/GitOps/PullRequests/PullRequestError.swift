import Foundation

/// Why a pull/merge request call failed: a code to branch on, the HTTP status when one arrived, the forge's own
/// message, the call (method and path, never a token) and, when rate-limited, when to try again.
public struct PullRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case unauthorized, forbidden, notFound, unprocessable, conflict, rateLimited, server, unexpectedStatus
            case transport, malformedResponse, tokenUnreadable
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// 401: the token is missing, wrong, expired or revoked.
        public static let unauthorized = Code(.unauthorized)
        /// 403 that is not a rate limit: the token lacks a scope or the user the permission.
        public static let forbidden = Code(.forbidden)
        /// 404: no such repository, project or request, or one the token may not see.
        public static let notFound = Code(.notFound)
        /// 422 (400 on GitLab): the forge refused the request as given (no such branch, no change between them, a
        /// request for this branch already open on GitHub).
        public static let unprocessable = Code(.unprocessable)
        /// 409: GitLab's answer when an open merge request for the source branch exists already.
        public static let conflict = Code(.conflict)
        /// 429, or GitHub's 403 with `x-ratelimit-remaining: 0` or `retry-after`: wait (see
        /// ``PullRequestError/retryAfterSeconds`` and ``PullRequestError/resetAt``).
        public static let rateLimited = Code(.rateLimited)
        /// 5xx: the forge failed; retry later.
        public static let server = Code(.server)
        /// Any other status.
        public static let unexpectedStatus = Code(.unexpectedStatus)
        /// No response arrived (connection, TLS, timeout).
        public static let transport = Code(.transport)
        /// A success whose body is not the documented shape.
        public static let malformedResponse = Code(.malformedResponse)
        /// The token file could not be read, or is empty.
        public static let tokenUnreadable = Code(.tokenUnreadable)

        /// The code's name, e.g. `rateLimited`.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The HTTP status, when a response arrived.
    public var status: Int?
    /// The forge's message (or the transport's), for people.
    public var message: String
    /// The call: `POST https://host/api/v3/repos/acme/rollouts/pulls` (the URL redacted, never a token).
    public var request: String
    /// For ``Code/rateLimited``: seconds to wait, from `retry-after`.
    public var retryAfterSeconds: Double?
    /// For ``Code/rateLimited``: when the limit resets, from `x-ratelimit-reset` (GitHub) or `RateLimit-Reset`
    /// (GitLab), UTC epoch seconds.
    public var resetAt: Date?

    /// Creates an error.
    public init(
        code: Code, status: Int? = nil, message: String, request: String, retryAfterSeconds: Double? = nil,
        resetAt: Date? = nil
    ) {
        self.code = code
        self.status = status
        self.message = message
        self.request = request
        self.retryAfterSeconds = retryAfterSeconds
        self.resetAt = resetAt
    }

    /// Whether trying again later may help (rate limits, server errors, no response).
    public var isTransient: Bool { [.rateLimited, .server, .transport].contains(code) }

    /// The earliest time a retry makes sense after `now`: `retry-after`, else the reset time, else nil.
    public func retryTime(after now: Date) -> Date? {
        if let retryAfterSeconds { return now.addingTimeInterval(retryAfterSeconds) }
        return resetAt
    }

    /// `POST https://… failed (unprocessable, HTTP 422): Validation Failed: A pull request already exists …`.
    public var description: String {
        var text = "\(request) failed (\(code)"
        if let status { text += ", HTTP \(status)" }
        text += "): \(message)"
        if let retryAfterSeconds { text += "; retry after \(Int(retryAfterSeconds.rounded(.up))) s" }
        else if let resetAt { text += "; the limit resets at \(resetAt.formatted(.iso8601))" }
        return text
    }
}
