import Foundation

/// A complete HTTP response. Any status code is a response, not an error.
public struct HTTPResponse: Sendable, Hashable, CustomStringConvertible {
    /// The status code, e.g. 200 or 404.
    public var status: Int
    /// Header fields in arrival order, names lower-cased; a name may repeat (e.g. `set-cookie`).
    public var headers: HTTPHeaders
    /// The body bytes (empty when there was none).
    public var body: Data

    /// Creates a response (transports build these; in-memory fakes too).
    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8, with invalid bytes replaced.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// True for a 2xx status.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// `HTTP <status>, <n> bytes`.
    public var description: String { "HTTP \(status), \(body.count) bytes" }
}
