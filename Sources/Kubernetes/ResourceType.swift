/// A Kubernetes resource type: what a REST path is made of.
public struct ResourceType: Hashable, Sendable, CustomStringConvertible {
    /// API group; empty for the core group (`v1`).
    public var group: String
    /// API version, e.g. `v1beta1`.
    public var version: String
    /// Plural resource name used in paths, e.g. `virtualservices`.
    public var resource: String
    /// Kind, e.g. `VirtualService`.
    public var kind: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool

    /// Creates a resource type.
    public init(group: String, version: String, resource: String, kind: String, namespaced: Bool = true) {
        self.group = group
        self.version = version
        self.resource = resource
        self.kind = kind
        self.namespaced = namespaced
    }

    /// `apiVersion` as written in objects: `group/version`, or `version` for the core group.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The collection path, e.g. `/apis/networking.istio.io/v1beta1/namespaces/bookinfo/virtualservices`.
    /// The namespace and name are percent-escaped as one path segment each, so a name such as `a/../b` can
    /// never address another object.
    public func path(namespace: String?, name: String? = nil) -> String {
        var path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace { path += "/namespaces/\(Self.segment(namespace))" }
        path += "/\(resource)"
        if let name { path += "/\(Self.segment(name))" }
        return path
    }

    /// `text` as one URL path segment: everything but RFC 3986 unreserved characters percent-escaped, and the
    /// dot segments `.` and `..` escaped too.
    static func segment(_ text: String) -> String {
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        var escaped = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                escaped += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return escaped
    }

    public var description: String { "\(resource).\(group.isEmpty ? "core" : group)/\(version)" }

    /// The same resource in another version of its group.
    public func version(_ version: String) -> ResourceType {
        ResourceType(group: group, version: version, resource: resource, kind: kind, namespaced: namespaced)
    }

    /// Istio VirtualService (`networking.istio.io`), in `version` (v1, v1beta1 or v1alpha3).
    public static func virtualService(_ version: String = "v1beta1") -> ResourceType {
        ResourceType(group: "networking.istio.io", version: version, resource: "virtualservices", kind: "VirtualService")
    }

    /// Istio DestinationRule (`networking.istio.io`), in `version`.
    public static func destinationRule(_ version: String = "v1beta1") -> ResourceType {
        ResourceType(group: "networking.istio.io", version: version, resource: "destinationrules", kind: "DestinationRule")
    }

    /// Gateway API HTTPRoute (`gateway.networking.k8s.io`), in `version` (v1 or v1beta1).
    public static func httpRoute(_ version: String = "v1") -> ResourceType {
        ResourceType(group: "gateway.networking.k8s.io", version: version, resource: "httproutes", kind: "HTTPRoute")
    }

    /// `apps/v1` Deployment.
    public static let deployment = ResourceType(group: "apps", version: "v1", resource: "deployments", kind: "Deployment")
    /// Core `v1` Service.
    public static let service = ResourceType(group: "", version: "v1", resource: "services", kind: "Service")
    /// Core `v1` Namespace (cluster-scoped).
    public static let namespace = ResourceType(group: "", version: "v1", resource: "namespaces", kind: "Namespace", namespaced: false)
    /// `coordination.k8s.io/v1` Lease.
    public static let lease = ResourceType(group: "coordination.k8s.io", version: "v1", resource: "leases", kind: "Lease")
    /// Core `v1` ConfigMap.
    public static let configMap = ResourceType(group: "", version: "v1", resource: "configmaps", kind: "ConfigMap")
    /// Core `v1` Secret.
    public static let secret = ResourceType(group: "", version: "v1", resource: "secrets", kind: "Secret")
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
