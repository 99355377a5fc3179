import Foundation

extension KubeError.Code {
    /// The code for an HTTP status the API server answered with.
    public init(httpStatus: Int) {
        switch httpStatus {
        case 404: self = .notFound
        case 409: self = .conflict
        case 400, 422: self = .invalid
        case 401: self = .unauthorized
        case 403: self = .forbidden
        case 429, 500..<600: self = .unavailable
        default: self = .other
        }
    }
}

extension KubeError {
    /// The error for a non-2xx answer: the Kubernetes `Status` body's reason and message when the body is one,
    /// otherwise the HTTP status and the start of the body.
    ///
    /// - Parameters:
    ///   - httpStatus: the response status.
    ///   - body: the response body.
    ///   - request: method and path, e.g. `PUT /apis/apps/v1/namespaces/shop/deployments/web`.
    public init(httpStatus: Int, body: Data, request: String?) {
        var reason: String?
        var message: String?
        if let status = try? JSONValue.parse(body), status["kind"]?.stringValue == "Status" {
            reason = status["reason"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            message = status["message"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        if message == nil {
            let text = String(decoding: body.prefix(300), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
                .replacingOccurrences(of: "\n", with: " ")
            message = text.isEmpty ? "HTTP \(httpStatus) with no Status body" : "HTTP \(httpStatus): \(text)"
        }
        self.init(
            code: Code(httpStatus: httpStatus), httpStatus: httpStatus, reason: reason,
            message: message ?? "HTTP \(httpStatus)", request: request)
    }

    /// The Kubernetes `Status` object the API server would send for this error (`kind: Status`, `status: Failure`).
    public var statusObject: JSONValue {
        var object: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "message": .string(message),
        ]
        if let reason { object["reason"] = .string(reason) }
        if let httpStatus { object["code"] = .integer(Int64(httpStatus)) }
        return object
    }
}
