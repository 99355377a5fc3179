import Kubernetes

/// One weighted backend of an HTTPRoute rule (Gateway API `HTTPBackendRef`). Defaults as the Gateway API
/// specifies them: group `""` (core) and kind `Service`, the route's namespace, weight 1.
public struct BackendReference: Hashable, Sendable {
    /// The largest weight the Gateway API accepts.
    public static let maxWeight: Int64 = 1_000_000

    /// Position in the rule's `backendRefs`.
    public let index: Int
    /// The raw entry.
    public let object: JSONValue

    /// Wraps entry `index` of a rule's `backendRefs`.
    public init(index: Int, object: JSONValue) {
        self.index = index
        self.object = object
    }

    /// `group`; `""` (core) when omitted.
    public var group: String { object["group"]?.stringValue ?? "" }
    /// `kind`; `Service` when omitted.
    public var kind: String { object["kind"]?.stringValue ?? "Service" }
    /// `name`.
    public var name: String? { object["name"]?.stringValue }
    /// `namespace`, when the reference names one (otherwise the route's).
    public var namespace: String? { object["namespace"]?.stringValue }
    /// `port`.
    public var port: Int64? { object["port"]?.integerValue }
    /// `weight`, when the key is present.
    public var weight: Int64? { object["weight"]?.integerValue }
    /// The weight in force: `weight`, or 1 when omitted (the Gateway API's default). A backend's share of the
    /// rule's traffic is its weight over the sum of the rule's weights.
    public var effectiveWeight: Int64 { weight ?? 1 }
    /// Whether it references a core Service.
    public var isService: Bool { group.isEmpty && kind == "Service" }
    /// `namespace/name:port` as far as given (and the kind when not a Service), for messages.
    public var label: String {
        var text = (namespace.map { "\($0)/" } ?? "") + (name ?? "<no name>")
        if let port { text += ":\(port)" }
        return isService ? text : "\(kind) \(text)"
    }
}
