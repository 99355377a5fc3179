/// A query the Sandbox's PromQL subset cannot answer, with Prometheus' error type: `bad_data` (HTTP 400) for
/// a syntax error, a type error or an unsupported construct, `execution` (HTTP 422) for a failure while
/// evaluating (e.g. two series with the same labels on one side of a binary operation).
public struct MeshQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Prometheus' `errorType`.
    public enum Code: String, Sendable, Hashable {
        /// The query is malformed or uses something the subset does not support.
        case badData = "bad_data"
        /// The query parsed but could not be evaluated.
        case execution = "execution"
    }

    /// The error type.
    public var code: Code
    /// What is wrong, with the position (`line:column: parse error: …`) for parse errors.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The HTTP status Prometheus answers with: 400 for `bad_data`, 422 for `execution`.
    public var httpStatus: Int { code == .badData ? 400 : 422 }

    /// `bad_data: 1:5: parse error: …`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// A parse error at `offset` (0-based, in Unicode scalars) of `query`, reported as `line:column`.
    static func parse(_ message: String, at offset: Int, in query: [Unicode.Scalar]) -> MeshQueryError {
        var line = 1
        var column = 1
        for scalar in query.prefix(offset) {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return MeshQueryError(.badData, "\(line):\(column): parse error: \(message)")
    }
}
