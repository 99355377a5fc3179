import Foundation
import HTTPTransport

extension RESTKubernetesClient {
    /// Sends a request and decodes the JSON answer.
    func json(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        contentType: String = "application/json"
    ) async throws -> JSONValue {
        let response = try await send(method, path, query: query, body: body, contentType: contentType)
        do {
            return try JSONValue.parse(response.body)
        } catch {
            throw KubeError(
                code: .other, httpStatus: response.status,
                message: "the answer (\(response.body.count) bytes) is not JSON", request: Self.requestLine(method, path, query))
        }
    }

    /// Sends a request with credentials and retries (see ``KubeRetryPolicy``); returns a 2xx response.
    ///
    /// - Throws: ``KubeError`` from the `Status` body, or `.unavailable` for a transport failure.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
        contentType: String = "application/json"
    ) async throws -> HTTPResponse {
        let requestLine = Self.requestLine(method, path, query)
        let idempotent = method == .get || method == .head
        let policy = options.retry
        var request = HTTPRequest(method: method, url: try url(path, query: query), headers: ["Accept": "application/json"])
        request.timeouts = options.timeouts
        request.maximumResponseBytes = options.maximumResponseBytes
        if let body {
            do {
                request.body = try body.encoded()
            } catch {
                throw KubeError(code: .invalid, message: "the object cannot be encoded as JSON: \(error)", request: requestLine)
            }
            request.headers["Content-Type"] = contentType
        }

        var attempt = 0
        var refreshedCredentials = false
        while true {
            attempt += 1
            let credential = try await credentials.current()
            request.headers["Authorization"] = credential.authorization
            let response: HTTPResponse
            do {
                response = try await transport(for: credential).send(request)
            } catch let error as TransportError where error.code == .responseTooLarge {
                throw KubeError(code: .other, message: "\(TransportFailure(error))", request: requestLine)
            } catch let error as TransportError {
                let retryable = idempotent ? Self.readRetryable.contains(error.code) : Self.neverSent.contains(error.code)
                if retryable && attempt < policy.maxAttempts {
                    try await options.sleep(policy.backoff(afterAttempt: attempt, retryAfter: nil))
                    continue
                }
                throw KubeError(
                    code: error.code == .cancelled ? .other : .unavailable,
                    message: "\(TransportFailure(error)) (after \(attempt) attempt\(attempt == 1 ? "" : "s"))", request: requestLine)
            }
            if response.status == 401 && !refreshedCredentials && credentials.isRefreshable {
                refreshedCredentials = true
                await credentials.invalidate()
                attempt -= 1  // a credential refresh is not a retry
                continue
            }
            if response.isSuccess { return response }
            if idempotent && (response.status == 429 || response.status >= 500) && attempt < policy.maxAttempts {
                try await options.sleep(policy.backoff(afterAttempt: attempt, retryAfter: response.headers["Retry-After"]))
                continue
            }
            throw KubeError(httpStatus: response.status, body: response.body, request: requestLine)
        }
    }

    /// Transport failures after which a read is tried again: everything but TLS failures (a wrong certificate
    /// stays wrong), invalid requests and cancellation.
    private static let readRetryable: Set<TransportError.Code> = [
        .couldNotConnect, .timedOut, .resolveFailed, .connectionLost, .other,
    ]
    /// Transport failures that prove the server never received the request, so a write may be tried again.
    private static let neverSent: Set<TransportError.Code> = [.couldNotConnect, .resolveFailed]

    /// `METHOD /path?query`, without host or credentials.
    static func requestLine(_ method: HTTPMethod, _ path: String, _ query: [(String, String)]) -> String {
        "\(method) \(path)\(query.isEmpty ? "" : "?" + encode(query))"
    }

    /// The server URL (keeping any path prefix) with `path` and `query` appended.
    private func url(_ path: String, query: [(String, String)]) throws -> URL {
        var base = connection.server.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let text = base + path + (query.isEmpty ? "" : "?" + Self.encode(query))
        guard let url = URL(string: text) else {
            throw KubeError(code: .invalid, message: "cannot form a URL for \(path)", request: Self.requestLine(.get, path, query))
        }
        return url
    }

    private static func encode(_ query: [(String, String)]) -> String {
        query.map { name, value in "\(name)=\(PercentEncoding.encoded(value))" }.joined(separator: "&")
    }
}

/// A transport error's text; it is already free of credentials and the URL is redacted.
private struct TransportFailure: CustomStringConvertible {
    let error: TransportError
    init(_ error: TransportError) { self.error = error }
    var description: String { "\(error.code): \(error.message)\(error.detail.isEmpty || error.detail == error.message ? "" : ": \(error.detail)")" }
}
