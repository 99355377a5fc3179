import CCurl
import Foundation

/// Makes sure `curl_global_init` runs exactly once, before the first easy handle.
enum CurlGlobal {
    /// The result of the single `curl_global_init` call (a Swift static `let` initialises once, thread-safely).
    static let initResult: UInt32 = curl_global_init(Int(CURL_GLOBAL_DEFAULT)).rawValue
}

/// Prepares a (possibly reused) ``CurlHandle`` for one transfer and owns everything its options point at.
///
/// Not `Sendable`: it is created, used and freed on the thread running the transfer. It starts and ends with
/// `curl_easy_reset`, which clears every option of the previous transfer but keeps the handle's open connection
/// and its share; so the string lists, error buffer and callback state it frees in `deinit` are no longer
/// referenced by the handle.
final class CurlEasyHandle {
    private let curl: CurlHandle
    private var handle: UnsafeMutableRawPointer { curl.raw }
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private let context: RequestContext
    /// Where the callbacks write.
    let state: TransferState

    /// Resets `curl` and installs callbacks that write into a fresh ``TransferState``.
    init(_ curl: CurlHandle, context: RequestContext, cancellation: CancellationFlag) throws {
        self.curl = curl
        self.context = context
        curl_easy_reset(curl.raw)
        let size = Int(iter8_curl_error_size())
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        state = TransferState(cancellation: cancellation)
        try installCallbacks()
    }

    deinit {
        curl_easy_reset(handle)  // forget the pointers below before they are freed
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// Sets a `long` option.
    func set(_ option: CURLoption, _ value: Int) throws {
        try check(iter8_curl_setopt_long(handle, option, value), option)
    }

    /// Sets a string option (libcurl copies it), or resets it to libcurl's "none" with nil.
    func set(_ option: CURLoption, _ value: String?) throws {
        guard let value else {
            try check(iter8_curl_setopt_ptr(handle, option, nil), option)
            return
        }
        try value.withCString { try check(iter8_curl_setopt_str(handle, option, $0), option) }
    }

    /// Sets a `curl_off_t` option.
    func set(_ option: CURLoption, offset value: Int64) throws {
        try check(iter8_curl_setopt_off(handle, option, curl_off_t(value)), option)
    }

    /// Sets a blob option; libcurl copies the bytes (`CURL_BLOB_COPY`).
    func set(_ option: CURLoption, blob: Data) throws {
        var bytes = [UInt8](blob)
        try bytes.withUnsafeMutableBytes { buffer in
            var curlBlob = curl_blob(data: buffer.baseAddress, len: buffer.count, flags: UInt32(CURL_BLOB_COPY))
            try check(iter8_curl_setopt_blob(handle, option, &curlBlob), option)
        }
    }

    /// Copies `body` into libcurl (`CURLOPT_POSTFIELDSIZE_LARGE` then `CURLOPT_COPYPOSTFIELDS`).
    func setBody(_ body: Data) throws {
        try set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
        var bytes = [UInt8](body) + [0]  // never an empty buffer, so the pointer is never nil
        try bytes.withUnsafeMutableBytes { buffer in
            try check(iter8_curl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, buffer.baseAddress), CURLOPT_COPYPOSTFIELDS)
        }
    }

    /// Sets a string-list option such as `CURLOPT_HTTPHEADER`; the list lives until the handle is freed.
    func set(_ option: CURLoption, list lines: [String]) throws {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for line in lines {
            guard let extended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw CurlCode.error(CURLE_OUT_OF_MEMORY, operation: "curl_slist_append", context: context)
            }
            list = extended
        }
        if let list { lists.append(list) }
        try check(iter8_curl_setopt_slist(handle, option, list), option)
    }

    /// Runs the transfer on the calling thread, blocking until it ends.
    ///
    /// - Throws: ``TransportError`` for any failure, `cancelled` when the flag aborted it.
    func perform() throws {
        if state.cancellation.isCancelled {
            throw CurlCode.error(CURLE_ABORTED_BY_CALLBACK, cancelled: true, context: context)
        }
        let rc = curl_easy_perform(handle)
        if rc != CURLE_OK && state.exceededLimit {
            throw CurlCode.tooLarge(rc, limit: state.limit, context: context)
        }
        guard rc == CURLE_OK else {
            throw CurlCode.error(
                rc, detail: String(cString: errorBuffer), cancelled: state.cancellation.isCancelled, context: context)
        }
    }

    /// The final response's status code (`CURLINFO_RESPONSE_CODE`).
    func responseCode() throws -> Int {
        var code = 0
        try CurlCode.check(
            iter8_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code), "reading CURLINFO_RESPONSE_CODE",
            context: context)
        return code
    }

    private func check(_ rc: CURLcode, _ option: CURLoption) throws {
        try CurlCode.check(rc, "curl_easy_setopt(option \(option.rawValue))", context: context)
    }

    private func installCallbacks() throws {
        let statePointer = Unmanaged.passUnretained(state).toOpaque()
        try check(iter8_curl_setopt_errorbuffer(handle, errorBuffer), CURLOPT_ERRORBUFFER)
        try check(
            iter8_curl_setopt_writefn(handle) { data, size, count, user in
                let bytes = size * count
                guard let data, let user, bytes > 0 else { return bytes }
                let state = Unmanaged<TransferState>.fromOpaque(user).takeUnretainedValue()
                let accepted = data.withMemoryRebound(to: UInt8.self, capacity: bytes) { state.receiveBody($0, count: bytes) }
                return accepted ? bytes : 0  // anything but `bytes` makes libcurl abort with CURLE_WRITE_ERROR
            }, CURLOPT_WRITEFUNCTION)
        try check(iter8_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, statePointer), CURLOPT_WRITEDATA)
        try check(
            iter8_curl_setopt_headerfn(handle) { data, size, count, user in
                let bytes = size * count
                guard let data, let user, bytes > 0 else { return bytes }
                let state = Unmanaged<TransferState>.fromOpaque(user).takeUnretainedValue()
                let line = data.withMemoryRebound(to: UInt8.self, capacity: bytes) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: bytes), as: UTF8.self)
                }
                return state.receiveHeaderLine(line) ? bytes : 0
            }, CURLOPT_HEADERFUNCTION)
        try check(iter8_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, statePointer), CURLOPT_HEADERDATA)
        try check(
            iter8_curl_setopt_xferinfofn(handle) { user, _, _, _, _ in
                guard let user else { return 0 }
                let state = Unmanaged<TransferState>.fromOpaque(user).takeUnretainedValue()
                return state.cancellation.isCancelled ? 1 : 0
            }, CURLOPT_XFERINFOFUNCTION)
        try check(iter8_curl_setopt_ptr(handle, CURLOPT_XFERINFODATA, statePointer), CURLOPT_XFERINFODATA)
        try set(CURLOPT_NOPROGRESS, 0)
    }
}
