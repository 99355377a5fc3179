/// Why a split could not be read, applied or written on a Gateway API HTTPRoute: a code to branch on and a
/// message naming the HTTPRoute, the rule and the version concerned.
public struct GatewayAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Hashable, Sendable {
        /// The server serves no version of `gateway.networking.k8s.io` this router speaks.
        case unsupportedAPIVersion
        /// The HTTPRoute's rule is missing (no rule of that name or index, or none covers every version).
        case ruleNotFound
        /// More than one rule could be the experiment's rule.
        case ambiguousRule
        /// A version has no backendRef in the rule.
        case backendRefNotFound
        /// Several backendRefs of the rule match one version, or one backendRef matches several versions.
        case ambiguousBackendRef
        /// A backendRef of the rule belongs to no version yet carries traffic (a split would take it away).
        case unassignedBackendRef
        /// The object is not a well-formed HTTPRoute.
        case invalidObject
        /// The split is not one the rule can carry (unknown version, weights not summing to 100).
        case invalidSplit
        /// A backendRef in a manifest has no `weight:` key to rewrite.
        case missingWeight
        /// The manifest file does not declare the HTTPRoute, or cannot be edited surgically.
        case manifestDocumentNotFound
        /// A manifest file is not UTF-8 text: it is refused rather than re-encoded.
        case notUTF8
        /// The Kubernetes API failed.
        case kubernetes
        /// The split read back differs from the one applied.
        case verificationFailed
    }

    /// The kind of failure.
    public var code: Code
    /// For people.
    public var message: String
    /// `namespace/name` of the HTTPRoute (or the manifest file), when known.
    public var httpRoute: String?
    /// The rule's `name`, or `rules[i]` when unnamed, when known.
    public var rule: String?
    /// The version concerned, if one.
    public var version: String?
    /// The underlying error, when another system failed.
    public var cause: String?

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, httpRoute: String? = nil, rule: String? = nil, version: String? = nil,
        cause: String? = nil
    ) {
        self.code = code
        self.message = message
        self.httpRoute = httpRoute
        self.rule = rule
        self.version = version
        self.cause = cause
    }

    /// `HTTPRoute ns/name, rule r, version v: message (cause)`.
    public var description: String {
        var context: [String] = []
        if let httpRoute { context.append("HTTPRoute \(httpRoute)") }
        if let rule { context.append("rule \(rule)") }
        if let version { context.append("version \(version)") }
        var text = context.isEmpty ? message : context.joined(separator: ", ") + ": " + message
        if let cause { text += " (\(cause))" }
        return text
    }
}
