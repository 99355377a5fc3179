import Hummingbird
import HummingbirdCore
import Synchronization

/// Decides, for Hummingbird's accept loop, whether another connection may be accepted: at most `maximum` at once.
/// Unlike Hummingbird's own `MaximumAvailableConnections` it shares its count, so `/metrics` can show it, and it
/// is exact: the accept loop takes up to ``acceptBatch`` connections per read (NIO's `maxMessagesPerRead`), so a
/// read is allowed only while that many more still fit.
struct ConnectionCap: AvailableConnectionsDelegate {
    /// Connections NIO's server channel accepts per read at most (its default `maxMessagesPerRead`); the smallest
    /// cap.
    static let acceptBatch = 4

    /// Open connections, shared with the metrics.
    final class Count: Sendable {
        private let value = Mutex(0)
        /// Connections open now.
        var current: Int { value.withLock { $0 } }
        func add(_ delta: Int) -> Int { value.withLock { $0 += delta; return $0 } }
    }

    let maximum: Int
    let count: Count
    let onChange: @Sendable (Int) -> Void

    mutating func connectionOpened() { onChange(count.add(1)) }
    mutating func connectionClosed() { onChange(count.add(-1)) }
    func isAcceptingNewConnections() -> Bool { count.current + Self.acceptBatch <= maximum }
}
