import Kubernetes
import Routing

/// One entry of an HTTPRoute's `spec.rules`: its optional name, its matches and its weighted backendRefs.
public struct RouteRule: Hashable, Sendable {
    /// Position in `spec.rules`.
    public let index: Int
    /// The raw rule.
    public let object: JSONValue

    /// Wraps entry `index` of `spec.rules`.
    public init(index: Int, object: JSONValue) {
        self.index = index
        self.object = object
    }

    /// `name`, if set (Gateway API v1.2 `rules[].name`).
    public var name: String? { object["name"]?.stringValue }
    /// `name`, or `rules[i]` for an unnamed rule: how messages refer to it.
    public var label: String { name ?? "rules[\(index)]" }
    /// `matches`, in order; empty means the rule matches every request to the route's hostnames (path prefix `/`).
    public var matches: [RouteMatch] { (object["matches"]?.arrayValue ?? []).map(RouteMatch.init) }
    /// Whether a match carries header conditions: an A/B rule, which carries only the matching traffic.
    public var hasHeaderMatches: Bool { matches.contains { !$0.headers.isEmpty } }
    /// `backendRefs`: the weighted backends, in order.
    public var backendRefs: [BackendReference] {
        (object["backendRefs"]?.arrayValue ?? []).enumerated().map { BackendReference(index: $0.offset, object: $0.element) }
    }
    /// The pointer to this rule.
    public var pointer: ValuePath { ["spec", "rules", .index(index)] }
}

/// One `matches` entry of a rule (Gateway API `HTTPRouteMatch`): every condition must hold.
public struct RouteMatch: Hashable, Sendable {
    /// The raw match.
    public let object: JSONValue

    /// Wraps a raw match.
    public init(_ object: JSONValue) { self.object = object }

    /// `path` (`type` and `value`), raw; absent means prefix `/`.
    public var path: JSONValue? { object["path"] }
    /// `headers` conditions, raw.
    public var headers: [JSONValue] { object["headers"]?.arrayValue ?? [] }
    /// `queryParams` conditions, raw.
    public var queryParams: [JSONValue] { object["queryParams"]?.arrayValue ?? [] }
    /// `method`, if set.
    public var method: String? { object["method"]?.stringValue }
}
