import Foundation
import Redaction

/// One HTTP request: method, absolute `http`/`https` URL, ordered headers, optional body and timeouts.
///
/// Its `description` shows the redacted URL and masks secret header values.
public struct HTTPRequest: Sendable, Hashable, CustomStringConvertible {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute URL; only the `http` and `https` schemes are accepted.
    public var url: URL
    /// Header fields, sent in order. Authentication headers are normally added by the transport.
    public var headers: HTTPHeaders
    /// The body, or nil for none. An empty body is sent with `Content-Length: 0`.
    public var body: Data?
    /// Per-request timeouts; each non-nil field overrides the transport's configured value.
    public var timeouts: HTTPTimeouts?
    /// The longest response body accepted, in bytes, overriding the transport's configured limit (nil: the
    /// transport's). A longer body fails the request with ``TransportError/Code/responseTooLarge``.
    public var maximumResponseBytes: Int?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get, url: URL, headers: HTTPHeaders = [:], body: Data? = nil,
        timeouts: HTTPTimeouts? = nil, maximumResponseBytes: Int? = nil
    ) {
        self.maximumResponseBytes = maximumResponseBytes
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }

    /// `METHOD redacted-url`, for logs and errors.
    public var description: String { "\(method) \(Redacted.url(url.absoluteString))" }
}
