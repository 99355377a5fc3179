extension ResourceType {
    /// The resource as the API server names it in messages: `virtualservices.networking.istio.io`, or `services`
    /// for the core group.
    public var qualifiedResource: String { group.isEmpty ? resource : "\(resource).\(group)" }
}

extension KubeError {
    /// 404 `NotFound`, worded as the API server words it.
    public static func notFound(_ type: ResourceType, name: String, request: String? = nil) -> KubeError {
        KubeError(
            code: .notFound, httpStatus: 404, reason: "NotFound",
            message: "\(type.qualifiedResource) \"\(name)\" not found", request: request)
    }

    /// 409 `AlreadyExists`: a create with a name that is taken.
    public static func alreadyExists(_ type: ResourceType, name: String, request: String? = nil) -> KubeError {
        KubeError(
            code: .conflict, httpStatus: 409, reason: "AlreadyExists",
            message: "\(type.qualifiedResource) \"\(name)\" already exists", request: request)
    }

    /// 409 `Conflict`: a write with a stale `resourceVersion`.
    public static func staleResourceVersion(_ type: ResourceType, name: String, request: String? = nil) -> KubeError {
        KubeError(
            code: .conflict, httpStatus: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.qualifiedResource) \"\(name)\": the object has been "
                + "modified; please apply your changes to the latest version and try again", request: request)
    }

    /// 422 `Invalid`: `Kind.group "name" is invalid: field: detail`.
    public static func invalid(
        _ type: ResourceType, name: String, field: String, detail: String, request: String? = nil
    ) -> KubeError {
        let kind = type.group.isEmpty ? type.kind : "\(type.kind).\(type.group)"
        return KubeError(
            code: .invalid, httpStatus: 422, reason: "Invalid",
            message: "\(kind) \"\(name)\" is invalid: \(field): \(detail)", request: request)
    }
}
