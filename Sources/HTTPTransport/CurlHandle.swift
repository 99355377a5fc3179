import CCurl

/// One libcurl easy handle that outlives its transfers, so the connection it keeps open (its own connection
/// cache, at most one connection: `CURLOPT_MAXCONNECTS` 1) serves the next request to the same server.
///
/// `@unchecked Sendable`: a handle moves between threads but is only ever used by one at a time;
/// ``CurlHandlePool`` hands it to one transfer, which gives it back (or drops it) when done.
final class CurlHandle: @unchecked Sendable {
    /// The `CURL *`.
    let raw: UnsafeMutableRawPointer
    /// Kept alive as long as the handle is attached to it.
    private let share: CurlShare?

    /// A new easy handle attached to `share`, or nil when libcurl cannot make one.
    init?(share: CurlShare?) {
        guard CurlGlobal.initResult == CURLE_OK.rawValue, let raw = curl_easy_init() else { return nil }
        self.raw = raw
        // Without the share the handle still works, only without resumed TLS sessions.
        if let share, iter8_curl_setopt_ptr(raw, CURLOPT_SHARE, share.handle) == CURLE_OK {
            self.share = share
        } else {
            self.share = nil
        }
    }

    /// Closes the handle's connection; the share is released after it.
    deinit { curl_easy_cleanup(raw) }
}
