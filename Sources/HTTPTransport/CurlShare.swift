import CCurl
import Foundation

/// A libcurl share handle holding the TLS session cache and the DNS cache of one ``CurlTransport``, so that a
/// new connection resumes an earlier TLS session (an abbreviated handshake) instead of doing a full one.
///
/// The connection cache itself is deliberately not shared (`CURL_LOCK_DATA_CONNECT`): libcurl 7.88 does not
/// support one shared connection pool used by several threads at once. Connections are reused through
/// ``CurlHandlePool`` instead, each idle easy handle keeping its own.
///
/// `@unchecked Sendable`: easy handles on any thread use the share concurrently; libcurl serialises every access
/// through the lock callbacks, which take one `pthread` mutex per kind of shared data.
final class CurlShare: @unchecked Sendable {
    /// The `CURLSH *`, for `CURLOPT_SHARE`.
    let handle: UnsafeMutableRawPointer
    private let locks: UnsafeMutablePointer<pthread_mutex_t>
    private let lockCount: Int

    /// Creates a share of TLS sessions and DNS entries, or nil when libcurl cannot make one (the transport then
    /// works without it).
    init?() {
        guard CurlGlobal.initResult == CURLE_OK.rawValue, let handle = curl_share_init() else { return nil }
        self.handle = handle
        lockCount = iter8_curl_lock_data_last()
        locks = .allocate(capacity: lockCount)
        for index in 0..<lockCount { pthread_mutex_init(locks + index, nil) }
        let user = Unmanaged.passUnretained(self).toOpaque()
        let configured =
            iter8_curl_share_setopt_ptr(handle, CURLSHOPT_USERDATA, user) == CURLSHE_OK
            && iter8_curl_share_setopt_lockfn(handle) { _, data, _, user in
                guard let user else { return }
                Unmanaged<CurlShare>.fromOpaque(user).takeUnretainedValue().lock(data)
            } == CURLSHE_OK
            && iter8_curl_share_setopt_unlockfn(handle) { _, data, user in
                guard let user else { return }
                Unmanaged<CurlShare>.fromOpaque(user).takeUnretainedValue().unlock(data)
            } == CURLSHE_OK
            && iter8_curl_share_setopt_data(handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) == CURLSHE_OK
            && iter8_curl_share_setopt_data(handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) == CURLSHE_OK
        guard configured else { return nil }  // deinit frees what was made
    }

    /// Runs after every easy handle using the share is gone: each holds a strong reference to it.
    deinit {
        curl_share_cleanup(handle)
        Self.destroy(locks, count: lockCount)
    }

    private func lock(_ data: curl_lock_data) {
        let index = Int(data.rawValue)
        guard index >= 0 && index < lockCount else { return }
        pthread_mutex_lock(locks + index)
    }

    private func unlock(_ data: curl_lock_data) {
        let index = Int(data.rawValue)
        guard index >= 0 && index < lockCount else { return }
        pthread_mutex_unlock(locks + index)
    }

    private static func destroy(_ locks: UnsafeMutablePointer<pthread_mutex_t>, count: Int) {
        for index in 0..<count { pthread_mutex_destroy(locks + index) }
        locks.deallocate()
    }
}
