/// Limits on how long a request may take; nil means "no limit of this kind".
public struct HTTPTimeouts: Sendable, Hashable {
    /// The longest time to establish the TCP connection and the TLS handshake.
    public var connect: Duration?
    /// The longest time for the whole exchange, connecting included.
    public var total: Duration?

    /// Creates timeouts; both default to nil (no limit).
    public init(connect: Duration? = nil, total: Duration? = nil) {
        self.connect = connect
        self.total = total
    }

    /// The defaults of ``CurlTransport/Configuration``: 10 s to connect, 30 s in total.
    public static let standard = HTTPTimeouts(connect: .seconds(10), total: .seconds(30))

    /// These timeouts with each non-nil field of `override` taking precedence.
    public func overridden(by override: HTTPTimeouts?) -> HTTPTimeouts {
        guard let override else { return self }
        return HTTPTimeouts(connect: override.connect ?? connect, total: override.total ?? total)
    }
}
