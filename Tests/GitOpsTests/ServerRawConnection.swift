import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A raw TCP connection to the control server, for clients that misbehave: half-sent headers or bodies, bodies
/// that never end. Sends block only briefly (loopback); reads never block (they look at what has arrived).
final class ServerRawConnection {
    private let fd: Int32
    private var received: [UInt8] = []
    private(set) var closedByPeer = false

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw TestSupportError("connect to 127.0.0.1:\(port) failed: errno \(errno)")
        }
    }

    deinit { close(fd) }

    /// Sends `text` (or bytes) without waiting; false when not all of it could be sent (the peer is gone or
    /// does not read).
    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Sends all of `text`, waiting (a millisecond at a time, at most `timeout`) while the peer's buffers are
    /// full; false when the peer is gone or did not take it in time.
    func sendAll(_ text: String, timeout: Duration = .seconds(30)) async -> Bool {
        var bytes = ArraySlice(Array(text.utf8))
        let deadline = ContinuousClock.now + timeout
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                guard ContinuousClock.now < deadline else { return false }
                try? await Task.sleep(for: .milliseconds(1))
            } else {
                return false
            }
        }
        return true
    }

    /// Reads whatever has arrived without waiting; notes when the server closed the connection.
    func poll() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !closedByPeer {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count > 0 {
                received += buffer[0..<count]
            } else if count == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                closedByPeer = true
            } else {
                return
            }
        }
    }

    /// Everything received so far, as text.
    var text: String {
        poll()
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the server closed the connection (after reading what arrived).
    var isClosed: Bool {
        poll()
        return closedByPeer
    }
}
