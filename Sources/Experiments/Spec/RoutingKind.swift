/// The kinds of object an experiment's traffic split can live on: routing kinds are data here; each has one
/// implementation (a routing plug-in) that reads, applies and promotes a split on it.
public enum RoutingKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Istio `networking.istio.io` VirtualService: one HTTP route, a destination per version.
    case virtualService = "VirtualService"
    /// Kubernetes Gateway API `gateway.networking.k8s.io` HTTPRoute: one rule, a backendRef per version.
    case httpRoute = "HTTPRoute"

    /// The object's `kind`.
    public var kind: String { rawValue }

    /// The object's API group.
    public var group: String {
        switch self {
        case .virtualService: "networking.istio.io"
        case .httpRoute: "gateway.networking.k8s.io"
        }
    }

    /// The routing kind of a manifest document's `apiVersion` and `kind`, if it is one.
    public static func of(apiVersion: String?, kind: String?) -> RoutingKind? {
        guard let kind, let routing = RoutingKind(rawValue: kind) else { return nil }
        guard let apiVersion else { return routing }  // a document without apiVersion is indexed by kind alone
        let group = apiVersion.split(separator: "/", maxSplits: 1).count == 2 ? String(apiVersion.split(separator: "/")[0]) : ""
        return group == routing.group ? routing : nil
    }

    public var description: String { rawValue }
}

/// The one object an experiment's split lives on: its routing kind, namespace and name.
public struct RoutedObject: Hashable, Sendable, CustomStringConvertible {
    /// Which kind of object.
    public var kind: RoutingKind
    /// Its namespace.
    public var namespace: String
    /// Its name.
    public var name: String

    /// Creates a reference.
    public init(kind: RoutingKind, namespace: String, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind namespace/name`.
    public var description: String { "\(kind.rawValue) \(namespace)/\(name)" }
}

extension Experiment {
    /// The object the split lives on; nil when the experiment moves no traffic. For iter8's `weightObjRef`s, the
    /// object the baseline's (or the first) reference names (the validator checks their kind; the plug-in that all
    /// of them name one object).
    public var routedObject: RoutedObject? {
        switch routing {
        case .none:
            return nil
        case .virtualService(let route):
            return RoutedObject(kind: .virtualService, namespace: route.namespace, name: route.name)
        case .httpRoute(let rule):
            return RoutedObject(kind: .httpRoute, namespace: rule.namespace, name: rule.name)
        case .weightObjectReferences:
            guard let reference = versions.lazy.compactMap(\.weightObjRef).first,
                let kind = RoutingKind(rawValue: reference.kind)
            else { return nil }
            return RoutedObject(kind: kind, namespace: reference.namespace, name: reference.name)
        }
    }
}
