import Foundation
import HTTPTransport
import Redaction

/// Instant PromQL queries against the Prometheus HTTP API (`POST /api/v1/query`, form-encoded).
///
/// Credentials (bearer or basic) and TLS come from the transport's configuration; the client adds
/// nothing secret and puts only the redacted endpoint into errors. Results are read as numbers, and
/// *no data* (no series, NaN, ±Inf) is a nil value, never an error.
public struct PrometheusClient: Sendable {
    /// The server's base URL, e.g. `http://prometheus.istio-system:9090` (a path prefix is kept).
    public let baseURL: URL
    /// The transport that sends the requests.
    public let transport: any HTTPTransport
    /// Per-request timeouts, overriding the transport's (nil: the transport's).
    public var timeouts: HTTPTimeouts?
    /// The longest answer accepted, in bytes; a longer one fails the query (``PrometheusError/Code/badResponse``)
    /// after at most this many bytes were read, whatever the transport's own limit.
    public var maximumResponseBytes: Int

    /// The default ``maximumResponseBytes``: 8 MiB, far more than the few series an experiment's metric returns.
    public static let standardMaximumResponseBytes = 8 << 20

    /// Creates a client.
    public init(
        baseURL: URL, transport: any HTTPTransport, timeouts: HTTPTimeouts? = nil,
        maximumResponseBytes: Int = standardMaximumResponseBytes
    ) {
        self.maximumResponseBytes = maximumResponseBytes
        self.baseURL = baseURL
        self.transport = transport
        self.timeouts = timeouts
        queryURL = baseURL.appendingPathComponent("api/v1/query")
        redactedQueryURL = Redacted.url(queryURL.absoluteString)
    }

    /// The query endpoint.
    public let queryURL: URL
    /// ``queryURL`` as errors name it (credentials masked, query dropped); made once, not per query.
    let redactedQueryURL: String

    /// Runs an instant query at `time` (nil: the server's now).
    ///
    /// - Throws: ``PrometheusError``: `unreachable`, `httpStatus`, `badQuery` or `queryFailed` (with
    ///   Prometheus' `errorType` and message), `badResponse`, or `unexpectedResult` for a matrix.
    public func query(_ query: String, at time: Date? = nil) async throws -> QueryResult {
        var form = "query=" + PercentEncoding.encoded(query)
        if let time { form += "&time=" + Self.seconds(time.timeIntervalSince1970) }
        let request = HTTPRequest(
            method: .post, url: queryURL,
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"],
            body: Data(form.utf8), timeouts: timeouts, maximumResponseBytes: maximumResponseBytes)
        let url = redactedQueryURL
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as TransportError where error.code == .responseTooLarge {
            throw PrometheusError(
                code: .badResponse, message: "the answer is longer than \(error.limit ?? maximumResponseBytes) bytes (aggregate the query)",
                query: query, url: url, cause: String(describing: error))
        } catch {
            throw PrometheusError(
                code: .unreachable, message: "no response from Prometheus", query: query, url: url, cause: String(describing: error))
        }
        let outcome: QueryResponseParser.Outcome
        do {
            outcome = try QueryResponseParser.parse(response.body)
        } catch {
            if response.isSuccess {
                throw PrometheusError(code: error.unexpected ? .unexpectedResult : .badResponse, message: error.message, query: query, url: url, httpStatus: response.status)
            }
            throw PrometheusError(
                code: .httpStatus, message: "HTTP \(response.status): \(QueryResponseParser.snippet(response.body))", query: query,
                url: url, httpStatus: response.status)
        }
        switch outcome {
        case .error(let type, let message):
            throw PrometheusError(
                code: type == "bad_data" ? .badQuery : .queryFailed, message: message, query: query, url: url,
                httpStatus: response.status, errorType: type)
        case .result(let result):
            guard response.isSuccess else {
                throw PrometheusError(
                    code: .httpStatus, message: "HTTP \(response.status) with a success body", query: query, url: url,
                    httpStatus: response.status)
            }
            return result
        }
    }

    /// The query's one value, or nil for *no data* (no series, NaN or ±Inf).
    ///
    /// - Throws: ``PrometheusError`` (`unexpectedResult`) when the query returns several series, naming them.
    public func value(of query: String, at time: Date? = nil) async throws -> Double? {
        try value(from: await self.query(query, at: time), of: query)
    }

    /// ``value(of:at:)`` of an answer already received for `query`.
    func value(from result: QueryResult, of query: String) throws -> Double? {
        switch result {
        case .scalar(let value):
            return value.isFinite ? value : nil
        case .vector(let samples):
            guard samples.count <= 1 else {
                let shown = samples.prefix(3).map(\.labelText).joined(separator: ", ")
                throw PrometheusError(
                    code: .unexpectedResult,
                    message: "expected one series, got \(samples.count) (\(shown)\(samples.count > 3 ? ", …" : "")); "
                        + "aggregate the query, e.g. sum(…)",
                    query: query, url: redactedQueryURL)
            }
            guard let value = samples.first?.value, value.isFinite else { return nil }
            return value
        case .string(let text):
            throw PrometheusError(
                code: .unexpectedResult, message: "expected a number, got the string \"\(text)\"", query: query,
                url: redactedQueryURL)
        }
    }

    /// The query's series (a scalar becomes one series without labels); series whose value is NaN or
    /// ±Inf are dropped.
    public func series(of query: String, at time: Date? = nil) async throws -> [Sample] {
        try series(from: await self.query(query, at: time), of: query, at: time)
    }

    /// ``series(of:at:)`` of an answer already received for `query`.
    func series(from result: QueryResult, of query: String, at time: Date?) throws -> [Sample] {
        switch result {
        case .scalar(let value):
            return value.isFinite ? [Sample(labels: [:], value: value, timestamp: time?.timeIntervalSince1970 ?? 0)] : []
        case .vector(let samples):
            return samples.filter { $0.value.isFinite }
        case .string(let text):
            throw PrometheusError(
                code: .unexpectedResult, message: "expected series, got the string \"\(text)\"", query: query,
                url: redactedQueryURL)
        }
    }

    /// `seconds` as `%.3f` writes it (the query's evaluation time). Times the service sends are whole milliseconds,
    /// written without Foundation's `String(format:)` (CoreFoundation's formatter: 0.4 % of the CPU at 1,000
    /// experiments); anything not within a quarter millisecond of a whole one, or negative, or not finite, is
    /// written by `String(format:)` itself, so the text is the same either way.
    static func seconds(_ seconds: Double) -> String {
        let milliseconds = seconds * 1000
        let whole = milliseconds.rounded()
        guard seconds.isFinite, seconds.sign == .plus, whole < 1e13, abs(milliseconds - whole) < 0.25 else {
            return String(format: "%.3f", seconds)
        }
        let value = Int64(whole)
        let fraction = String(value % 1000)
        return String(value / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
