/// Why a split could not be read, applied or written on a Gateway API HTTPRoute.
public struct GatewayAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// The server serves no version of `gateway.networking.k8s.io` this router speaks.
        case unsupportedAPIVersion
        /// The HTTPRoute, its rule or a version's backendRef is missing or ambiguous.
        case ruleNotFound
        /// The object is not a well-formed HTTPRoute.
        case invalidObject
        /// The split is not one the rule can carry (unknown version, weights not summing to 100).
        case invalidSplit
        /// The manifest file does not declare the HTTPRoute, or cannot be edited surgically.
        case manifestDocumentNotFound
        /// The Kubernetes API failed.
        case kubernetes
        /// The split read back differs from the one applied.
        case verificationFailed
    }

    /// The kind of failure.
    public var code: Code
    /// For people.
    public var message: String
    /// `namespace/name` of the HTTPRoute, when known.
    public var httpRoute: String?
    /// The underlying error, when another system failed.
    public var cause: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, httpRoute: String? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.httpRoute = httpRoute
        self.cause = cause
    }

    public var description: String {
        var text = httpRoute.map { "HTTPRoute \($0): \(message)" } ?? message
        if let cause { text += " (\(cause))" }
        return text
    }
}
