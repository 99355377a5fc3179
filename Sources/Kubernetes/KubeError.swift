/// A failed Kubernetes API call: what the server said (its `Status` body) or why it could not be reached.
public struct KubeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// How the caller should react.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let value: String
        /// 404: no such object (or resource type).
        public static let notFound = Code(value: "notFound")
        /// 409: a stale `resourceVersion`, or the name is taken.
        public static let conflict = Code(value: "conflict")
        /// 422 (or 400): the object is not valid.
        public static let invalid = Code(value: "invalid")
        /// 401: no or bad credentials.
        public static let unauthorized = Code(value: "unauthorized")
        /// 403: not allowed (RBAC, or a namespace the service may not touch).
        public static let forbidden = Code(value: "forbidden")
        /// The server could not be reached, timed out, or answered 5xx / 429.
        public static let unavailable = Code(value: "unavailable")
        /// Bad configuration (kubeconfig, credentials plugin) before any request.
        public static let configuration = Code(value: "configuration")
        /// Anything else.
        public static let other = Code(value: "other")
        public var description: String { value }
    }

    /// The reaction code.
    public var code: Code
    /// HTTP status, when the server answered.
    public var httpStatus: Int?
    /// Kubernetes `Status.reason`, e.g. `Conflict`, `NotFound`, `Invalid`.
    public var reason: String?
    /// What went wrong, naming the object.
    public var message: String
    /// Method and path (no host, no credentials), e.g. `PATCH /apis/networking.istio.io/v1beta1/…/reviews`.
    public var request: String?

    /// Creates an error.
    public init(code: Code, httpStatus: Int? = nil, reason: String? = nil, message: String, request: String? = nil) {
        self.code = code
        self.httpStatus = httpStatus
        self.reason = reason
        self.message = message
        self.request = request
    }

    public var description: String {
        var text = "kubernetes \(code)"
        if let httpStatus { text += " (\(httpStatus)\(reason.map { " \($0)" } ?? ""))" }
        if let request { text += " \(request)" }
        return text + ": " + message
    }
}
