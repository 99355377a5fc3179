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

    init(cancellation: CancellationFlag) { self.cancellation = cancellation }

    /// Consumes one raw header line (`Name: value\r\n`, a status line, or the blank end-of-headers line).
    ///
    /// A status line starts a new block (after `100 Continue`, for example), so only the final response's
    /// fields are kept.
    func receiveHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return }
        headers.add(name: name, value: value)
    }
}
