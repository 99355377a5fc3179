import Kubernetes

/// One consistent read of the objects that shape traffic: Deployments, Services, VirtualServices and
/// DestinationRules. Taken from the store once per simulated second, so routing follows the live objects.
struct MeshTopology: Sendable {
    var workloads: [MeshWorkload]
    /// Services by "namespace/name": their selector.
    var services: [String: [String: String]]
    /// VirtualService objects, sorted by namespace and name.
    var virtualServices: [JSONValue]
    /// DestinationRule objects.
    var destinationRules: [JSONValue]

    static func read(from store: SandboxStore) async throws -> MeshTopology {
        let deployments = try await store.list(.deployment, namespace: nil).items
        let services = try await store.list(.service, namespace: nil).items
        let virtualServices = try await store.list(.virtualService("v1beta1"), namespace: nil).items
        let rules = try await store.list(.destinationRule("v1beta1"), namespace: nil).items
        var selectors: [String: [String: String]] = [:]
        for service in services {
            let name = service["metadata"]?["name"]?.stringValue ?? ""
            let namespace = service["metadata"]?["namespace"]?.stringValue ?? "default"
            selectors["\(namespace)/\(name)"] = MeshWorkload.labels(service["spec"]?["selector"])
        }
        return MeshTopology(
            workloads: deployments.map(MeshWorkload.init(deployment:)), services: selectors,
            virtualServices: virtualServices, destinationRules: rules)
    }

    /// A host as Istio reads it in `namespace`: `reviews`, `reviews.ns`, `reviews.ns.svc`,
    /// `reviews.ns.svc.cluster.local` all name Service `reviews` in `ns`.
    static func service(host: String, defaultNamespace: String) -> (name: String, namespace: String) {
        let parts = host.split(separator: ".").map(String.init)
        guard parts.count > 1 else { return (host, defaultNamespace) }
        return (parts[0], parts[1])
    }

    /// The fully qualified host name Istio reports as `destination_service`.
    static func fullyQualified(_ service: (name: String, namespace: String)) -> String {
        "\(service.name).\(service.namespace).svc.cluster.local"
    }

    /// The workloads behind a route destination: the Service's selector (if the Service exists) plus the
    /// DestinationRule subset's labels; without a Service or subset, the Deployment named like the host.
    func workloads(host: String, subset: String?, namespace: String) -> [MeshWorkload] {
        let service = Self.service(host: host, defaultNamespace: namespace)
        var selector = services["\(service.namespace)/\(service.name)"]
        if let subset {
            guard let labels = subsetLabels(service: service, subset: subset, namespace: namespace) else { return [] }
            selector = (selector ?? [:]).merging(labels) { _, subsetValue in subsetValue }
        }
        guard let selector, !selector.isEmpty else {
            return workloads.filter { $0.namespace == service.namespace && $0.name == service.name }
        }
        return workloads.filter { $0.namespace == service.namespace && $0.matches(selector) }
    }

    private func subsetLabels(service: (name: String, namespace: String), subset: String, namespace: String)
        -> [String: String]?
    {
        for rule in destinationRules {
            let ruleNamespace = rule["metadata"]?["namespace"]?.stringValue ?? "default"
            guard let host = rule["spec"]?["host"]?.stringValue,
                Self.service(host: host, defaultNamespace: ruleNamespace) == service
            else { continue }
            for entry in rule["spec"]?["subsets"]?.arrayValue ?? [] where entry["name"]?.stringValue == subset {
                return MeshWorkload.labels(entry["labels"])
            }
        }
        return nil
    }
}
