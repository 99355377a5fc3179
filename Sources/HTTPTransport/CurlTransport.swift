import Foundation

/// The production ``HTTPTransport``: libcurl (OpenSSL) with one easy handle and one dedicated thread per
/// request, so blocking network work never runs on Swift's cooperative thread pool.
///
/// - Redirects are never followed (a 3xx is returned as a response), so credentials never go to another host.
/// - Only `http` and `https` URLs are accepted; proxies from the environment are ignored unless
///   ``Configuration/usesProxyEnvironment`` is set.
/// - A response body longer than the limit (``Configuration/maximumResponseBytes``, or the request's own) aborts
///   the transfer with ``TransportError/Code/responseTooLarge``: no more than the limit is ever held in memory.
/// - Cancelling the calling task aborts the transfer through libcurl's progress callback, which runs at least
///   about once a second, so a cancelled request throws ``TransportError/Code/cancelled`` within roughly a second.
public struct CurlTransport: HTTPTransport {
    /// Everything that is the same for every request of one transport: TLS, credentials, timeouts.
    public struct Configuration: Sendable, Hashable {
        /// Server verification and client certificate.
        public var tls: TLSConfiguration
        /// Credentials added to every request that has no `Authorization` header of its own.
        public var authentication: HTTPAuthentication
        /// Default timeouts; a request's own ``HTTPRequest/timeouts`` override them field by field.
        public var timeouts: HTTPTimeouts
        /// The `User-Agent` sent unless the request sets one.
        public var userAgent: String
        /// Whether libcurl may use the `http_proxy`/`https_proxy`/`no_proxy` environment variables.
        public var usesProxyEnvironment: Bool
        /// The longest response body accepted, in bytes, unless the request sets its own
        /// (``HTTPRequest/maximumResponseBytes``).
        public var maximumResponseBytes: Int

        /// The default ``maximumResponseBytes``: 16 MiB.
        public static let standardMaximumResponseBytes = 16 << 20

        /// Creates a configuration: system trust store with full verification, no credentials, 10 s connect and
        /// 30 s total timeouts, no proxy, response bodies up to 16 MiB.
        public init(
            tls: TLSConfiguration = TLSConfiguration(), authentication: HTTPAuthentication = .none,
            timeouts: HTTPTimeouts = .standard, userAgent: String = "iter8", usesProxyEnvironment: Bool = false,
            maximumResponseBytes: Int = standardMaximumResponseBytes
        ) {
            self.maximumResponseBytes = maximumResponseBytes
            self.tls = tls
            self.authentication = authentication
            self.timeouts = timeouts
            self.userAgent = userAgent
            self.usesProxyEnvironment = usesProxyEnvironment
        }
    }

    /// The configuration used for every request.
    public let configuration: Configuration

    /// Creates a transport.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Sends `request` on a new thread and suspends until libcurl finishes.
    ///
    /// - Throws: ``TransportError``; statuses such as 404 or 500 are returned, not thrown.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let configuration = configuration
        let cancellation = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let thread = Thread {
                    let result = CurlTransfer.run(request, configuration: configuration, cancellation: cancellation)
                    continuation.resume(with: result.mapError { $0 as any Error })
                }
                thread.name = "iter8-curl"
                thread.start()
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}
