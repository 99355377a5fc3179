import Foundation

/// The production ``HTTPTransport``: libcurl (OpenSSL), each request on a thread of its own for its duration
/// (threads are reused, never shared by two transfers at once), so blocking network work never runs on Swift's
/// cooperative thread pool and one slow request never delays another.
///
/// - Connections are kept open and reused by later requests of the same transport (and its copies, which share
///   its pool): up to ``Configuration/maximumIdleConnections`` idle ones; TLS sessions are resumed on new
///   connections. Two transports never share a connection or a TLS session, so a connection only serves
///   requests with the TLS settings it was made with. A kept connection the server has closed in the meantime
///   is replaced by a new one without failing the request: libcurl resends a request that got no byte of
///   response on a connection it reused, once, whatever the method.
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
        /// The most connections kept open while idle, for later requests to reuse; 0 closes every connection
        /// after its request.
        public var maximumIdleConnections: Int

        /// The default ``maximumResponseBytes``: 16 MiB.
        public static let standardMaximumResponseBytes = 16 << 20
        /// The default ``maximumIdleConnections``: 16, what `iter8 run` sends at once by default (one request per
        /// target reconciled concurrently), so a pass's burst of queries reuses its connections and threads.
        public static let standardMaximumIdleConnections = 16

        /// Creates a configuration: system trust store with full verification, no credentials, 10 s connect and
        /// 30 s total timeouts, no proxy, response bodies up to 16 MiB, up to 16 idle connections kept.
        public init(
            tls: TLSConfiguration = TLSConfiguration(), authentication: HTTPAuthentication = .none,
            timeouts: HTTPTimeouts = .standard, userAgent: String = "iter8", usesProxyEnvironment: Bool = false,
            maximumResponseBytes: Int = standardMaximumResponseBytes,
            maximumIdleConnections: Int = standardMaximumIdleConnections
        ) {
            self.maximumResponseBytes = maximumResponseBytes
            self.maximumIdleConnections = maximumIdleConnections
            self.tls = tls
            self.authentication = authentication
            self.timeouts = timeouts
            self.userAgent = userAgent
            self.usesProxyEnvironment = usesProxyEnvironment
        }
    }

    /// The configuration used for every request.
    public let configuration: Configuration
    /// Idle connections, TLS sessions and threads, shared by the copies of this value and by nothing else.
    private let state: CurlTransportState

    /// Creates a transport with an empty connection pool of its own.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        state = CurlTransportState(
            maximumIdleConnections: configuration.maximumIdleConnections,
            maximumIdleThreads: Self.maximumIdleThreads(configuration))
    }

    /// The most threads kept waiting for requests: one per idle connection kept (at least 4). Fewer made every
    /// burst of concurrent requests start threads that exited right after (at 1,000 experiments, thread
    /// creation and stack mapping were 3 % of `iter8 run`'s CPU with 4 threads for 16 concurrent queries).
    static func maximumIdleThreads(_ configuration: Configuration) -> Int {
        max(4, configuration.maximumIdleConnections)
    }

    /// How many connections are kept open while idle (tests).
    var idleConnectionCount: Int { state.pool.idleCount }

    /// Sends `request` on a worker thread and suspends until libcurl finishes.
    ///
    /// - Throws: ``TransportError``; statuses such as 404 or 500 are returned, not thrown.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let configuration = configuration
        let pool = state.pool
        let cancellation = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                state.workers.run {
                    let result = CurlTransfer.run(
                        request, configuration: configuration, pool: pool, cancellation: cancellation)
                    continuation.resume(with: result.mapError { $0 as any Error })
                }
            }
        } onCancel: {
            cancellation.cancel()
        }
    }
}
