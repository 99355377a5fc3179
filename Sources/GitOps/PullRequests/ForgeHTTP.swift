import Foundation
import HTTPTransport
import Redaction

/// The HTTP exchange both forge clients share: JSON in and out, the token as a bearer, and every non-2xx
/// status mapped to a ``PullRequestError`` with the forge's message and its rate-limit headers.
struct ForgeHTTP: Sendable {
    let api: PullRequestAPI
    let transport: any HTTPTransport
    /// Headers the forge asks for (GitHub's `Accept` and API version).
    let extraHeaders: [(String, String)]

    /// Sends a request and returns the body of a 2xx response.
    func send(_ method: HTTPMethod, _ url: URL, json: [String: Any]? = nil) async throws(PullRequestError) -> Data {
        var headers = HTTPHeaders(extraHeaders)
        headers["Authorization"] = "Bearer \(api.token)"
        headers["Accept"] = headers["Accept"] ?? "application/json"
        var body: Data?
        if let json {
            headers["Content-Type"] = "application/json"
            body = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: body, maximumResponseBytes: 4 << 20)
        let call = "\(method) \(Redacted.url(url.absoluteString))"
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError {
            throw PullRequestError(code: .transport, message: "\(error)", request: call)
        } catch {
            throw PullRequestError(code: .transport, message: "\(error)", request: call)
        }
        guard response.isSuccess else { throw Self.error(for: response, call: call, provider: api.provider) }
        return response.body
    }

    /// Decodes a 2xx body as `T`.
    func decode<T: Decodable>(_ type: T.Type, _ data: Data, call: String) throws(PullRequestError) -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return try decoder.decode(T.self, from: data) } catch {
            throw PullRequestError(
                code: .malformedResponse, message: "the response is not the documented shape: \(error)", request: call)
        }
    }

    /// The error a non-2xx response stands for.
    static func error(for response: HTTPResponse, call: String, provider: PullRequestProvider) -> PullRequestError {
        let message = Self.message(in: response.body) ?? "HTTP \(response.status)"
        let headers = response.headers
        let retryAfter = headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        let resetName = provider == .github ? "x-ratelimit-reset" : "ratelimit-reset"
        let reset = headers[resetName].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .map { Date(timeIntervalSince1970: $0) }
        let exhausted = headers["x-ratelimit-remaining"]?.trimmingCharacters(in: .whitespaces) == "0"
            || headers["ratelimit-remaining"]?.trimmingCharacters(in: .whitespaces) == "0"
        let code: PullRequestError.Code
        switch response.status {
        case 401: code = .unauthorized
        case 403 where exhausted || retryAfter != nil || message.localizedCaseInsensitiveContains("rate limit"):
            code = .rateLimited
        case 403: code = .forbidden
        case 404: code = .notFound
        case 409: code = .conflict
        case 400, 422: code = .unprocessable
        case 429: code = .rateLimited
        case 500...599: code = .server
        default: code = .unexpectedStatus
        }
        let limited = code == .rateLimited
        return PullRequestError(
            code: code, status: response.status, message: message, request: call,
            retryAfterSeconds: limited ? retryAfter : nil, resetAt: limited ? reset : nil)
    }

    /// The forge's message in an error body: GitHub `{"message", "errors": [{"message"} | {"code", "field"}]}`,
    /// GitLab `{"message": "…" | ["…"] | {"field": ["…"]}}` or `{"error": "…"}`. Nil when there is none.
    static func message(in body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        var parts: [String] = []
        switch object["message"] {
        case let text as String: parts.append(text)
        case let list as [Any]: parts += list.map { "\($0)" }
        case let fields as [String: Any]:
            parts += fields.keys.sorted().map { key in
                let value = fields[key]
                let text = (value as? [Any])?.map { "\($0)" }.joined(separator: ", ") ?? "\(value ?? "")"
                return "\(key) \(text)"
            }
        default: break
        }
        if let error = object["error"] as? String { parts.append(error) }
        if let errors = object["errors"] as? [[String: Any]] {
            for entry in errors {
                if let text = entry["message"] as? String {
                    parts.append(text)
                } else {
                    let described = ["resource", "field", "code"].compactMap { entry[$0] as? String }.joined(separator: " ")
                    if !described.isEmpty { parts.append(described) }
                }
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ": ")
    }
}
