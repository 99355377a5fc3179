import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Picks TCP ports that are free on the loopback interface.
public enum FreePort {
    /// Asks the kernel for an unused port on 127.0.0.1 by binding port 0, then releases it.
    public static func next() throws -> Int {
        let (fd, port) = try boundLoopback()
        close(fd)
        return port
    }

    /// A socket bound to 127.0.0.1 on a port the kernel picks and listening with `backlog`: for test servers that
    /// keep their socket (no window in which another test could take the port).
    public static func listening(backlog: Int32) throws -> (descriptor: Int32, port: Int) {
        let (fd, port) = try boundLoopback()
        guard listen(fd, backlog) == 0 else {
            close(fd)
            throw TestSupportError("cannot listen on 127.0.0.1: errno \(errno)")
        }
        return (fd, port)
    }

    /// A TCP socket bound to 127.0.0.1:0 and the port the kernel gave it; closed again on failure.
    static func boundLoopback() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket() failed: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(fd)
            throw TestSupportError("bind(127.0.0.1:0) failed: errno \(errno)")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// True when something accepts TCP connections on `127.0.0.1:port`.
    public static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0
    }
}
