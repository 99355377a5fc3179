import Kubernetes

/// A Kubernetes `Status` failure: what the Sandbox answers (as JSON) and throws (in process).
///
/// The bodies match kube-apiserver's, e.g.
/// `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"virtualservices.networking.istio.io \"reviews\" not found","reason":"NotFound","details":{"name":"reviews","group":"networking.istio.io","kind":"virtualservices"},"code":404}`.
public struct APIStatus: Error, Hashable, Sendable, CustomStringConvertible {
    /// One field-level cause of an `Invalid` status.
    public struct Cause: Hashable, Sendable {
        /// E.g. `FieldValueRequired`, `FieldValueInvalid`.
        public var reason: String
        /// The field's message.
        public var message: String
        /// The field path, e.g. `metadata.name`.
        public var field: String
    }

    /// The HTTP status code, e.g. 404.
    public var code: Int
    /// The machine-readable reason, e.g. `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`.
    public var reason: String
    /// The human-readable message, naming the object.
    public var message: String
    /// `details.name`.
    public var name: String?
    /// `details.group`.
    public var group: String?
    /// `details.kind` (a plural resource for NotFound/AlreadyExists/Conflict, a Kind for Invalid).
    public var kind: String?
    /// `details.causes`.
    public var causes: [Cause]
    /// Whether the body has a `details` member at all (Unauthorized has none).
    public var hasDetails: Bool

    /// Creates a status.
    public init(
        code: Int, reason: String, message: String, name: String? = nil, group: String? = nil, kind: String? = nil,
        causes: [Cause] = [], hasDetails: Bool = true
    ) {
        self.code = code
        self.reason = reason
        self.message = message
        self.name = name
        self.group = group
        self.kind = kind
        self.causes = causes
        self.hasDetails = hasDetails
    }

    public var description: String { "\(code) \(reason): \(message)" }

    /// The `Status` object, as kube-apiserver writes it (empty details fields omitted).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure", "message": .string(message),
            "reason": .string(reason), "code": .integer(Int64(code)),
        ]
        if hasDetails {
            var details: [String: JSONValue] = [:]
            if let name, !name.isEmpty { details["name"] = .string(name) }
            if let group, !group.isEmpty { details["group"] = .string(group) }
            if let kind, !kind.isEmpty { details["kind"] = .string(kind) }
            if !causes.isEmpty {
                details["causes"] = .array(
                    causes.map { ["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)] })
            }
            object["details"] = .object(details)
        }
        return .object(object)
    }

    /// The same failure as the Kubernetes client reports it.
    public var kubeError: KubeError {
        let code: KubeError.Code =
            switch self.code {
            case 404: .notFound
            case 409: .conflict
            case 400, 422: .invalid
            case 401: .unauthorized
            case 403: .forbidden
            case 429, 500...: .unavailable
            default: .other
            }
        return KubeError(code: code, httpStatus: self.code, reason: reason, message: message)
    }
}

extension APIStatus {
    /// 404: `<resource>.<group> "<name>" not found`.
    static func notFound(_ served: ServedResource, _ name: String) -> APIStatus {
        APIStatus(
            code: 404, reason: "NotFound", message: "\(served.qualifiedResource) \"\(name)\" not found", name: name,
            group: served.group, kind: served.resource)
    }

    /// 404 for a namespace that does not exist.
    static func namespaceNotFound(_ namespace: String) -> APIStatus {
        APIStatus(
            code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found", name: namespace,
            kind: "namespaces")
    }

    /// 404 for a path the server does not serve.
    static let pathNotFound = APIStatus(
        code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    /// 409 AlreadyExists.
    static func alreadyExists(_ served: ServedResource, _ name: String) -> APIStatus {
        APIStatus(
            code: 409, reason: "AlreadyExists", message: "\(served.qualifiedResource) \"\(name)\" already exists",
            name: name, group: served.group, kind: served.resource)
    }

    /// 409 Conflict on a stale `resourceVersion`.
    static func conflict(_ served: ServedResource, _ name: String) -> APIStatus {
        APIStatus(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(served.qualifiedResource) \"\(name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again",
            name: name, group: served.group, kind: served.resource)
    }

    /// 422 Invalid with field causes.
    static func invalid(_ served: ServedResource, _ name: String, _ causes: [Cause]) -> APIStatus {
        let summary = causes.map { "\($0.field): \($0.message)" }
        let joined = summary.count == 1 ? summary[0] : "[" + summary.joined(separator: ", ") + "]"
        return APIStatus(
            code: 422, reason: "Invalid", message: "\(served.qualifiedKind) \"\(name)\" is invalid: \(joined)", name: name,
            group: served.group, kind: served.kind, causes: causes)
    }

    /// 422 for a JSON patch that could not be applied (kube-apiserver's generic message, empty details).
    static let patchNotApplicable = APIStatus(
        code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request")

    /// 400 BadRequest.
    static func badRequest(_ message: String) -> APIStatus {
        APIStatus(code: 400, reason: "BadRequest", message: message)
    }

    /// 401 Unauthorized (no details member, as kube-apiserver writes it).
    static let unauthorized = APIStatus(
        code: 401, reason: "Unauthorized", message: "Unauthorized", hasDetails: false)

    /// 403 Forbidden.
    static func forbidden(_ message: String, name: String, kind: String) -> APIStatus {
        APIStatus(code: 403, reason: "Forbidden", message: message, name: name, kind: kind)
    }

    /// 405 MethodNotAllowed for an unsupported verb on a resource.
    static func methodNotSupported(_ served: ServedResource?, action: String) -> APIStatus {
        guard let served else {
            return APIStatus(
                code: 405, reason: "MethodNotAllowed",
                message: "the server does not allow this method on the requested resource")
        }
        return APIStatus(
            code: 405, reason: "MethodNotAllowed",
            message: "\(action) is not supported on resources of kind \"\(served.qualifiedResource)\"",
            group: served.group, kind: served.resource)
    }

    /// 415 UnsupportedMediaType for a PATCH content type the server does not take.
    static let unsupportedPatchType = APIStatus(
        code: 415, reason: "UnsupportedMediaType",
        message: "the body of the request was in an unknown format - accepted media types include: "
            + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json",
        hasDetails: false)
}
