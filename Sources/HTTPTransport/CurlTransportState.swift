/// What a ``CurlTransport`` and its copies share: the idle connections with their TLS sessions, and the threads
/// transfers run on.
///
/// One reference, so the transport's stored layout stays the same whatever this holds (modules that embed a
/// `CurlTransport` by value are compiled against that layout).
final class CurlTransportState: Sendable {
    /// Idle connections and TLS sessions.
    let pool: CurlHandlePool
    /// The threads transfers run on.
    let workers: CurlWorkers

    /// Creates an empty pool keeping up to `maximumIdleConnections` idle connections, and no threads yet.
    init(maximumIdleConnections: Int, maximumIdleThreads: Int) {
        pool = CurlHandlePool(maximumIdle: maximumIdleConnections)
        workers = CurlWorkers(maximumIdle: maximumIdleThreads)
    }
}
