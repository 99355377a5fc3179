/// What a request path asks for.
enum APIRoute: Equatable {
    /// `/version`.
    case version
    /// `/api`.
    case coreVersions
    /// `/apis`.
    case groupList
    /// `/apis/<group>`.
    case group(String)
    /// `/api/<version>` or `/apis/<group>/<version>`.
    case resourceList(group: String, version: String)
    /// `/openapi/v3`.
    case openAPIRoot
    /// `/openapi/v3/<api/v1 | apis/group/version>`.
    case openAPIGroupVersion([String])
    /// `/healthz`, `/livez`, `/readyz`.
    case health
    /// An object or a collection.
    case resource(ResourcePath)

    /// The parts of a resource path.
    struct ResourcePath: Equatable {
        var group: String
        var version: String
        var namespace: String?
        var resource: String
        var name: String?
        var subresource: String?
    }

    /// Parses `path`; nil for a path the server does not serve.
    init?(path: String) {
        let segments = path.split(separator: "/").map(String.init)
        switch segments.first {
        case "version" where segments.count == 1: self = .version
        case "healthz", "livez", "readyz": self = .health
        case "openapi":
            guard segments.count >= 2, segments[1] == "v3" else { return nil }
            self = segments.count == 2 ? .openAPIRoot : .openAPIGroupVersion(Array(segments.dropFirst(2)))
        case "api":
            switch segments.count {
            case 1: self = .coreVersions
            case 2: self = .resourceList(group: "", version: segments[1])
            default:
                guard let resource = Self.resourcePath("", segments[1], Array(segments.dropFirst(2))) else { return nil }
                self = .resource(resource)
            }
        case "apis":
            switch segments.count {
            case 1: self = .groupList
            case 2: self = .group(segments[1])
            case 3: self = .resourceList(group: segments[1], version: segments[2])
            default:
                guard let resource = Self.resourcePath(segments[1], segments[2], Array(segments.dropFirst(3))) else {
                    return nil
                }
                self = .resource(resource)
            }
        default:
            return nil
        }
    }

    private static func resourcePath(_ group: String, _ version: String, _ rest: [String]) -> ResourcePath? {
        if rest.first == "namespaces" && rest.count >= 3 {
            guard rest.count <= 5 else { return nil }
            return ResourcePath(
                group: group, version: version, namespace: rest[1], resource: rest[2], name: rest.count > 3 ? rest[3] : nil,
                subresource: rest.count > 4 ? rest[4] : nil)
        }
        guard rest.count <= 3 else { return nil }
        return ResourcePath(
            group: group, version: version, namespace: nil, resource: rest[0], name: rest.count > 1 ? rest[1] : nil,
            subresource: rest.count > 2 ? rest[2] : nil)
    }
}
