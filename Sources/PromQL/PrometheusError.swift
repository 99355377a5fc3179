/// A failed Prometheus query: a code saying how to react, the query as sent, the server's own
/// `errorType`/`error` when it answered, and the endpoint with credentials and query string removed.
///
/// *No data* is never an error: an empty result or NaN/±Inf is returned as a missing value.
public struct PrometheusError: Error, Hashable, Sendable, CustomStringConvertible {
    /// How the caller should react; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// No HTTP response: connection refused, DNS, TLS, timeout (transient; retry later).
        public static let unreachable = Code("unreachable")
        /// Prometheus rejected the query (`bad_data`): a PromQL syntax or type error (fix the metric).
        public static let badQuery = Code("badQuery")
        /// Prometheus failed running the query (`execution`, `timeout`, `canceled`, `internal`, …).
        public static let queryFailed = Code("queryFailed")
        /// The result has another shape than the caller needs (several series for one value, a matrix, a
        /// histogram bucket without `le`).
        public static let unexpectedResult = Code("unexpectedResult")
        /// A non-2xx HTTP status without a Prometheus error body (a proxy, 401/403, 404 for a wrong path).
        public static let httpStatus = Code("httpStatus")
        /// A 2xx answer that is not a Prometheus API response (not JSON, or missing fields).
        public static let badResponse = Code("badResponse")
        /// The metric's template could not be rendered for the version (an unknown placeholder).
        public static let invalidTemplate = Code("invalidTemplate")

        /// The code's name.
        public var description: String { value }
    }

    /// How to react.
    public var code: Code
    /// What went wrong.
    public var message: String
    /// The PromQL query as sent, if one was.
    public var query: String?
    /// The endpoint, redacted (no user information, no query string).
    public var url: String?
    /// HTTP status, when the server answered.
    public var httpStatus: Int?
    /// Prometheus' `errorType` (`bad_data`, `execution`, …), when its body said.
    public var errorType: String?
    /// The underlying error's description (a transport error), if any.
    public var cause: String?

    /// Creates an error.
    public init(
        code: Code, message: String, query: String? = nil, url: String? = nil, httpStatus: Int? = nil,
        errorType: String? = nil, cause: String? = nil
    ) {
        self.code = code
        self.message = message
        self.query = query
        self.url = url
        self.httpStatus = httpStatus
        self.errorType = errorType
        self.cause = cause
    }

    /// `prometheus badQuery (HTTP 400 bad_data) POST http://host/api/v1/query: message; query: …`.
    public var description: String {
        var text = "prometheus \(code)"
        var detail: [String] = []
        if let httpStatus { detail.append("HTTP \(httpStatus)") }
        if let errorType { detail.append(errorType) }
        if !detail.isEmpty { text += " (" + detail.joined(separator: " ") + ")" }
        if let url { text += " POST \(url)" }
        text += ": " + message
        if let query { text += "; query: \(query)" }
        if let cause { text += " — caused by: \(cause)" }
        return text
    }
}
