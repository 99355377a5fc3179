import Kubernetes

/// A typed, read-only view of an Istio DestinationRule kept as raw JSON: its host and named subsets.
public struct DestinationRule: Hashable, Sendable {
    /// The whole object as read.
    public let object: JSONValue

    /// Wraps `object`; throws ``IstioError`` (`invalidObject`) for another kind or a rule without a host.
    public init(_ object: JSONValue) throws {
        self.object = object
        if let kind = object["kind"]?.stringValue, kind != "DestinationRule" {
            throw IstioError(.invalidObject, "expected kind DestinationRule, found \(kind)")
        }
        guard object["spec"]?["host"]?.stringValue != nil else {
            throw IstioError(.invalidObject, "DestinationRule \(VirtualService.reference(of: object)) has no spec.host")
        }
    }

    /// A named subset and the pod labels it selects.
    public struct Subset: Hashable, Sendable {
        /// Subset name.
        public var name: String
        /// Pod labels.
        public var labels: [String: String]
    }

    /// `metadata.name`.
    public var name: String { object["metadata"]?["name"]?.stringValue ?? "" }
    /// `metadata.namespace`, if set.
    public var namespace: String? { object["metadata"]?["namespace"]?.stringValue }
    /// `spec.host`.
    public var host: String { object["spec"]?["host"]?.stringValue ?? "" }
    /// `spec.subsets`, in order.
    public var subsets: [Subset] {
        (object["spec"]?["subsets"]?.arrayValue ?? []).compactMap { subset in
            guard let name = subset["name"]?.stringValue else { return nil }
            var labels: [String: String] = [:]
            for (key, value) in subset["labels"]?.objectValue ?? [:] { labels[key] = value.stringValue }
            return Subset(name: name, labels: labels)
        }
    }

    /// Whether this rule applies to `host` as written in an object of `namespace`.
    func applies(to host: String, namespace hostNamespace: String?) -> Bool {
        IstioHost.same(self.host, namespace: namespace, host, namespace: hostNamespace)
    }
}
