import Kubernetes
import Routing

/// A typed, read-only view of a Gateway API HTTPRoute kept as raw JSON: the fields this module reads are
/// properties; every other field (parentRefs, hostnames, filters, timeouts, fields of later Gateway API versions)
/// stays in ``object`` untouched and survives any edit made through this module.
public struct HTTPRoute: Hashable, Sendable {
    /// The whole object as read.
    public let object: JSONValue

    /// Wraps `object`.
    ///
    /// - Throws: ``GatewayAPIError`` (`invalidObject`) when `object` has another `kind`, no `metadata.name`, a
    ///   `spec.rules` that is not a list, or a rule whose `backendRefs` or `matches` is not a list.
    public init(_ object: JSONValue) throws {
        self.object = object
        if let kind = object["kind"]?.stringValue, kind != "HTTPRoute" {
            throw GatewayAPIError(.invalidObject, "expected kind HTTPRoute, found \(kind)")
        }
        guard object["metadata"]?["name"]?.stringValue != nil else {
            throw GatewayAPIError(.invalidObject, "the HTTPRoute has no metadata.name")
        }
        let reference = Self.reference(of: object)
        if let rules = object["spec"]?["rules"], rules.arrayValue == nil {
            throw GatewayAPIError(.invalidObject, "spec.rules is not a list", httpRoute: reference)
        }
        for rule in rules {
            for field in ["backendRefs", "matches"] where rule.object[field] != nil && rule.object[field]?.arrayValue == nil {
                throw GatewayAPIError(.invalidObject, "\(field) is not a list", httpRoute: reference, rule: rule.label)
            }
        }
    }

    /// `metadata.name`.
    public var name: String { object["metadata"]?["name"]?.stringValue ?? "" }
    /// `metadata.namespace`, if set.
    public var namespace: String? { object["metadata"]?["namespace"]?.stringValue }
    /// `namespace/name` (or `name`), for messages.
    public var reference: String { Self.reference(of: object) }

    /// `spec.rules`, in order.
    public var rules: [RouteRule] {
        (object["spec"]?["rules"]?.arrayValue ?? []).enumerated().map { RouteRule(index: $0.offset, object: $0.element) }
    }

    static func reference(of object: JSONValue) -> String {
        let name = object["metadata"]?["name"]?.stringValue ?? "<unnamed>"
        return object["metadata"]?["namespace"]?.stringValue.map { "\($0)/\(name)" } ?? name
    }
}
