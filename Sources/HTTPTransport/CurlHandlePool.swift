import Synchronization

/// The idle easy handles of one ``CurlTransport`` (and its copies), each keeping at most one open connection,
/// plus the TLS session and DNS cache they share: what lets a request skip the TCP and TLS handshakes.
///
/// Belongs to one transport value, so connections and TLS sessions are only ever reused under the same
/// ``CurlTransport/Configuration`` (trust anchors, client identity, verification, server name).
///
/// - At most ``maximumIdle`` handles (so connections) are kept idle; returning one more closes the one idle the
///   longest. In-flight transfers are not limited.
/// - A handle is taken for the same origin (scheme, host, port) whenever one is idle, most recently used first.
/// - Only handles whose transfer ended with a response are given back; after any failure the handle and its
///   connection are dropped.
final class CurlHandlePool: Sendable {
    private struct Idle {
        let origin: String
        let handle: CurlHandle
    }

    /// The most handles kept idle; 0 turns connection reuse off.
    let maximumIdle: Int
    private let share: CurlShare?
    /// Oldest first.
    private let idle = Mutex<[Idle]>([])

    /// Creates an empty pool keeping up to `maximumIdle` idle handles.
    init(maximumIdle: Int) {
        self.maximumIdle = max(0, maximumIdle)
        share = CurlShare()
    }

    /// The most recently returned idle handle for `origin`, else a new one; nil only when libcurl cannot make
    /// a handle.
    ///
    /// With no idle handle for `origin`, an idle handle for another origin is not taken: its connection may serve
    /// a later request there.
    func take(origin: String) -> CurlHandle? {
        let reused = idle.withLock { idle -> CurlHandle? in
            guard let index = idle.lastIndex(where: { $0.origin == origin }) else { return nil }
            return idle.remove(at: index).handle
        }
        return reused ?? CurlHandle(share: share)
    }

    /// Keeps `handle`, whose last transfer went to `origin`, for the next request; closes the oldest idle
    /// handle when more than ``maximumIdle`` would be kept.
    func giveBack(_ handle: CurlHandle, origin: String) {
        let closed = idle.withLock { idle -> [Idle] in
            idle.append(Idle(origin: origin, handle: handle))
            let excess = idle.count - maximumIdle
            guard excess > 0 else { return [] }
            defer { idle.removeFirst(excess) }
            return Array(idle.prefix(excess))
        }
        _ = closed  // closed here, outside the lock: `curl_easy_cleanup` may shut down a TLS connection
    }

    /// How many handles are idle (tests).
    var idleCount: Int { idle.withLock { $0.count } }
}
