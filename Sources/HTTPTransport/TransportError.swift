/// Why an HTTP exchange produced no response: the code to branch on, libcurl's number and message, and the
/// request (method and redacted URL).
///
/// Nothing secret is ever included: the URL is passed through `Redacted.url`, header values are never
/// copied in, and known credentials are masked in libcurl's detail text.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, stable across libcurl versions. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case couldNotConnect, timedOut, tlsFailure, resolveFailed, connectionLost, invalidRequest
            case cancelled, responseTooLarge, other
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Nothing accepted the TCP connection (refused, unreachable).
        public static let couldNotConnect = Code(.couldNotConnect)
        /// The connect or total timeout elapsed.
        public static let timedOut = Code(.timedOut)
        /// The TLS handshake failed: untrusted or mismatched server certificate, unusable CA or client
        /// certificate files, or a handshake the server aborted.
        public static let tlsFailure = Code(.tlsFailure)
        /// The host name did not resolve.
        public static let resolveFailed = Code(.resolveFailed)
        /// The connection broke while sending or receiving, or the server closed it without a response.
        ///
        /// With TLS 1.3 a server that rejects (or misses) the client certificate sends its alert after the
        /// client considers the handshake done, so that rejection surfaces here rather than as ``tlsFailure``.
        public static let connectionLost = Code(.connectionLost)
        /// The request could not be sent as given: a scheme other than http/https, a malformed URL, a header
        /// containing a line break.
        public static let invalidRequest = Code(.invalidRequest)
        /// The calling task was cancelled.
        public static let cancelled = Code(.cancelled)
        /// The response body is longer than the request's limit (``HTTPRequest/maximumResponseBytes``, else the
        /// transport's ``CurlTransport/Configuration/maximumResponseBytes``): the transfer was aborted after at
        /// most that many bytes, or at once when `Content-Length` announced more. See ``TransportError/limit``.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// Any other libcurl failure; see ``TransportError/curlCode``.
        public static let other = Code(.other)

        /// The code's name, e.g. `timedOut`.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// The libcurl `CURLcode` number, or nil when the request was rejected before libcurl ran.
    public var curlCode: Int?
    /// libcurl's message for the code (`curl_easy_strerror`), or this module's reason for a rejected request.
    public var message: String
    /// libcurl's detailed message for this transfer (its error buffer) with credentials masked, or empty.
    public var detail: String
    /// The request method.
    public var method: String
    /// The request URL with user information and query removed.
    public var url: String
    /// For ``Code/responseTooLarge``: the limit in bytes that the body exceeded.
    public var limit: Int?

    /// Creates an error; `url` must already be redacted.
    public init(
        code: Code, curlCode: Int?, message: String, detail: String = "", method: String, url: String, limit: Int? = nil
    ) {
        self.limit = limit
        self.code = code
        self.curlCode = curlCode
        self.message = message
        self.detail = detail
        self.method = method
        self.url = url
    }

    /// `GET https://host/path failed (timedOut): curl 28 Timeout was reached: <detail>`.
    public var description: String {
        var text = "\(method) \(url) failed (\(code)): "
        if let curlCode { text += "curl \(curlCode) " }
        text += message
        if !detail.isEmpty && detail != message { text += ": \(detail)" }
        return text
    }
}
