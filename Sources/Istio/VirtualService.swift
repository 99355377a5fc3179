import Kubernetes
import Routing

/// A typed, read-only view of an Istio VirtualService kept as raw JSON: the fields this module reads are
/// properties; every other field (retries, rewrites, gateways, annotations, fields of future Istio
/// versions) stays in ``object`` untouched and survives any edit made through this module.
public struct VirtualService: Hashable, Sendable {
    /// The whole object as read.
    public let object: JSONValue

    /// Wraps `object`.
    ///
    /// - Throws: ``IstioError`` (`invalidObject`) when `object` has another `kind`, no `metadata.name`, or a
    ///   `spec.http` that is not a list of routes.
    public init(_ object: JSONValue) throws {
        self.object = object
        if let kind = object["kind"]?.stringValue, kind != "VirtualService" {
            throw IstioError(.invalidObject, "expected kind VirtualService, found \(kind)")
        }
        guard object["metadata"]?["name"]?.stringValue != nil else {
            throw IstioError(.invalidObject, "the VirtualService has no metadata.name")
        }
        if let http = object["spec"]?["http"], http.arrayValue == nil {
            throw IstioError(.invalidObject, "spec.http is not a list", virtualService: Self.reference(of: object))
        }
    }

    /// Wraps `object` without checking it: another read of an object version that ``init(_:)`` accepted.
    init(validated object: JSONValue) {
        self.object = object
    }

    /// `metadata.name`.
    public var name: String { object["metadata"]?["name"]?.stringValue ?? "" }
    /// `metadata.namespace`, if set.
    public var namespace: String? { object["metadata"]?["namespace"]?.stringValue }
    /// `namespace/name` (or `name`), for messages.
    public var reference: String { Self.reference(of: object) }
    /// `metadata.resourceVersion`, if the object came from a server.
    public var resourceVersion: String? { object["metadata"]?["resourceVersion"]?.stringValue }
    /// `spec.hosts`.
    public var hosts: [String] { object["spec"]?["hosts"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    /// `spec.gateways`.
    public var gateways: [String] { object["spec"]?["gateways"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// `spec.http`, in order.
    public var http: [HTTPRoute] {
        (object["spec"]?["http"]?.arrayValue ?? []).enumerated().map { HTTPRoute(index: $0.offset, object: $0.element) }
    }

    static func reference(of object: JSONValue) -> String {
        let name = object["metadata"]?["name"]?.stringValue ?? "<unnamed>"
        return object["metadata"]?["namespace"]?.stringValue.map { "\($0)/\(name)" } ?? name
    }
}

/// One entry of a VirtualService's `spec.http`: its name, match clauses and weighted destinations.
public struct HTTPRoute: Hashable, Sendable {
    /// Position in `spec.http`.
    public let index: Int
    /// The raw route.
    public let object: JSONValue

    /// Wraps entry `index` of `spec.http`.
    public init(index: Int, object: JSONValue) {
        self.index = index
        self.object = object
    }

    /// `name`, if set.
    public var name: String? { object["name"]?.stringValue }
    /// `name`, or `http[i]` for an unnamed route: how messages refer to it.
    public var label: String { name ?? "http[\(index)]" }
    /// `match` clauses (raw); empty means the route takes all traffic that reaches it.
    public var match: [JSONValue] { object["match"]?.arrayValue ?? [] }
    /// `route`: the weighted destinations, in order.
    public var destinations: [RouteDestination] {
        (object["route"]?.arrayValue ?? []).enumerated().map { RouteDestination(index: $0.offset, object: $0.element) }
    }
    /// The pointer to this route.
    var pointer: ValuePath { ["spec", "http", .index(index)] }
}

/// One weighted destination of an HTTP route (Istio `HTTPRouteDestination`).
public struct RouteDestination: Hashable, Sendable {
    /// Position in the route's `route` list.
    public let index: Int
    /// The raw entry.
    public let object: JSONValue

    /// Wraps entry `index` of a route's `route` list.
    public init(index: Int, object: JSONValue) {
        self.index = index
        self.object = object
    }

    /// `destination.host`.
    public var host: String? { object["destination"]?["host"]?.stringValue }
    /// `destination.subset`.
    public var subset: String? { object["destination"]?["subset"]?.stringValue }
    /// `destination.port.number`.
    public var port: Int64? { object["destination"]?["port"]?["number"]?.integerValue }
    /// `weight`, when the key is present.
    public var weight: Int? { object["weight"]?.integerValue.map { Int($0) } }
    /// `host` with `/subset` when there is one, for messages.
    public var label: String { (host ?? "<no host>") + (subset.map { "/\($0)" } ?? "") }
}
