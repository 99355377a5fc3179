import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain-HTTP server on 127.0.0.1 that answers every request with `200` and a huge or endless body, and counts
/// the body bytes it managed to send: a hostile peer for response-size limits.
///
/// Each connection is served on a thread of its own; the body is written until it is complete or the client
/// closes the connection (writes never raise `SIGPIPE`).
public final class FloodServer: Sendable {
    /// What the body looks like.
    public enum Body: Sendable {
        /// `Content-Length: n`, then n bytes.
        case declared(Int)
        /// No `Content-Length` (the body ends when the connection closes): n bytes, or without end for nil.
        case undeclared(Int?)
    }

    /// The port it listens on.
    public let port: Int
    private let listener: Int32
    private let sent = Mutex(0)
    private let connections = Mutex(0)
    /// Whether the listener was shut down (by ``stop()``) or closed (by the accept loop, when it ends): after
    /// either, its descriptor number may belong to another socket of this process and must not be touched.
    private let listenerState = Mutex((stopped: false, closed: false))

    /// Body bytes written to clients so far, over all connections.
    public var bytesSent: Int { sent.withLock { $0 } }
    /// Connections accepted so far.
    public var connectionCount: Int { connections.withLock { $0 } }

    /// `http://127.0.0.1:port` + `path`.
    public func url(_ path: String = "/") -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Binds a free port and starts serving `body` (each byte `filler`) with `contentType`.
    public init(body: Body, contentType: String = "application/json", filler: UInt8 = UInt8(ascii: "a")) throws {
        let (fd, port) = try FreePort.listening(backlog: 64)
        listener = fd
        self.port = port
        let thread = Thread { [self] in acceptLoop(body: body, contentType: contentType, filler: filler) }
        thread.name = "flood-accept"
        thread.start()
    }

    /// Stops accepting (connections being served end when their client goes). Idempotent.
    public func stop() {
        listenerState.withLock { state in
            guard !state.stopped && !state.closed else { return }
            state.stopped = true
            _ = shutdown(listener, Int32(SHUT_RDWR))
        }
    }

    deinit { stop() }

    private func acceptLoop(body: Body, contentType: String, filler: UInt8) {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                break
            }
            connections.withLock { $0 += 1 }
            let thread = Thread { [self] in serve(connection, body: body, contentType: contentType, filler: filler) }
            thread.name = "flood-serve"
            thread.start()
        }
        listenerState.withLock { state in
            state.closed = true
            close(listener)
        }
    }

    private func serve(_ fd: Int32, body: Body, contentType: String, filler: UInt8) {
        defer { close(fd) }
        // Read the request head (bounded); the body of a small POST arrives with it and is ignored.
        var head = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while head.count < 65536 && !head.contains(subsequence: [13, 10, 13, 10]) {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            head += buffer[0..<count]
        }
        var header = "HTTP/1.1 200 OK\r\nContent-Type: \(contentType)\r\nConnection: close\r\n"
        let total: Int?
        switch body {
        case .declared(let count):
            header += "Content-Length: \(count)\r\n"
            total = count
        case .undeclared(let count):
            total = count
        }
        header += "\r\n"
        guard write(fd, Array(header.utf8)) else { return }
        let chunk = [UInt8](repeating: filler, count: 65536)
        var remaining = total ?? Int.max
        while remaining > 0 {
            let piece = min(remaining, chunk.count)
            guard write(fd, Array(chunk[0..<piece])) else { return }
            sent.withLock { $0 += piece }
            remaining -= piece
        }
    }

    #if os(Linux)
        private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
        private static let noSignal: Int32 = 0
    #endif

    /// Writes all of `bytes`; false when the peer is gone.
    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress! + offset, buffer.count - offset, Self.noSignal)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard count >= subsequence.count else { return false }
        for start in 0...(count - subsequence.count) where Array(self[start..<(start + subsequence.count)]) == subsequence {
            return true
        }
        return false
    }
}
