/// Sends one HTTP request and returns the whole response: the seam between API clients and the network.
///
/// Implementations throw ``TransportError`` when no HTTP response arrived (connection, TLS, timeout,
/// cancellation). A response with any status code, including 4xx and 5xx, is returned, not thrown:
/// interpreting statuses is the API client's job.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete response.
    ///
    /// - Throws: ``TransportError`` when the exchange failed before a complete response arrived.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
