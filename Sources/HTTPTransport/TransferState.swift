import Foundation

/// What libcurl's callbacks write into during one transfer; reached from C through an unretained pointer.
///
/// Owned by ``CurlEasyHandle`` and used only on the transfer's thread.
final class TransferState {
    /// The response body received so far.
    var body = Data()
    /// Header fields of the latest response block, names lower-cased.
    var headers = HTTPHeaders()
    /// Read by the progress callback; set from another thread when the task is cancelled.
    let cancellation: CancellationFlag
    /// The longest body accepted, in bytes.
    var limit = Int.max
    /// Whether a `Content-Length` announces the body to come (not for `HEAD`, where it is the size a `GET` would
    /// get).
    var announcesBody = true
    /// Set when the body (or its announced `Content-Length`) went past ``limit`` and the transfer was aborted.
    private(set) var exceededLimit = false

    init(cancellation: CancellationFlag) { self.cancellation = cancellation }

    /// Appends `count` body bytes, or refuses them (returns false and remembers why) when the body would pass
    /// ``limit``; the write callback then aborts the transfer.
    func receiveBody(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        guard count <= limit - body.count else {
            exceededLimit = true
            return false
        }
        body.append(bytes, count: count)
        return true
    }

    /// Consumes one raw header line (`Name: value\r\n`, a status line, or the blank end-of-headers line).
    ///
    /// A status line starts a new block (after `100 Continue`, for example), so only the final response's
    /// fields are kept.
    ///
    /// Returns false, and remembers why, when a `Content-Length` announces more than ``limit``: the header
    /// callback then aborts the transfer before any of the body is read.
    func receiveHeaderLine(_ line: String) -> Bool {
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            return true
        }
        guard let colon = line.firstIndex(of: ":") else { return true }
        let name: String
        let value: String
        if line.utf8.allSatisfy({ $0 < 0x80 }) {
            // Byte-wise for ASCII lines (every header line in practice), as Foundation's sets trim them: spaces and
            // tabs around the name; those and line breaks (LF, VT, FF, CR) around the value. Foundation's
            // `trimmingCharacters` bridges through NSString: 1 % of the CPU at 1,000 experiments.
            name = Self.trimmed(line[..<colon], { $0 == 0x20 || $0 == 0x09 }).lowercased()
            value = Self.trimmed(line[line.index(after: colon)...], { $0 == 0x20 || (0x09...0x0d).contains($0) })
        } else {
            name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard !name.isEmpty else { return true }
        headers.add(name: name, value: value)
        if announcesBody, name == "content-length", let length = UInt64(value), length > UInt64(limit) {
            exceededLimit = true
            return false
        }
        return true
    }

    /// `text` without the leading and trailing ASCII bytes `trim` accepts.
    static func trimmed(_ text: Substring, _ trim: (UInt8) -> Bool) -> String {
        let bytes = text.utf8
        guard let first = bytes.firstIndex(where: { !trim($0) }), let last = bytes.lastIndex(where: { !trim($0) }) else { return "" }
        return String(text[first...last])
    }
}
