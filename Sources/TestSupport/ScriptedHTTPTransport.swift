import Foundation
import HTTPTransport
import Synchronization

/// An ``HTTPTransport`` that answers from a closure and records every request, for testing API clients'
/// retry, credential and error handling without a server.
public final class ScriptedHTTPTransport: HTTPTransport {
    private let handler: @Sendable (HTTPRequest, Int) throws -> HTTPResponse
    private let recorded = Mutex<[HTTPRequest]>([])

    /// Creates a transport; `handler` gets each request and its 0-based number, and returns a response or throws
    /// (typically a `TransportError`).
    public init(_ handler: @escaping @Sendable (HTTPRequest, Int) throws -> HTTPResponse) {
        self.handler = handler
    }

    /// The requests sent so far, in order.
    public var requests: [HTTPRequest] { recorded.withLock { $0 } }

    /// Records `request` and returns the handler's answer.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let index = recorded.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return try handler(request, index)
    }

    /// A JSON response.
    public static func json(_ status: Int, _ text: String, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers["Content-Type"] = "application/json"
        return HTTPResponse(status: status, headers: headers, body: Data(text.utf8))
    }

    /// A transport failure for `request`.
    public static func failure(_ code: TransportError.Code, _ request: HTTPRequest) -> TransportError {
        TransportError(
            code: code, curlCode: nil, message: "scripted \(code)", method: request.method.rawValue,
            url: request.url.absoluteString)
    }
}
