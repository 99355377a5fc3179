import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP listener on 127.0.0.1 that never accepts nor answers: an unresponsive server.
///
/// The kernel completes connections into the backlog, so clients connect and then wait forever for
/// a reply. Closing the socket (deinit) resets those connections.
public final class SilentListener: Sendable {
    /// The port it listens on.
    public let port: Int
    private let descriptor: Int32

    /// Binds a free port and listens without ever calling `accept`.
    public init() throws {
        let (fd, port) = try FreePort.listening(backlog: 16)
        descriptor = fd
        self.port = port
    }

    deinit { close(descriptor) }
}
