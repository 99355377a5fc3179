import Kubernetes

/// The objects that shape traffic — Deployments, Services, VirtualServices, DestinationRules and HTTPRoutes —
/// indexed for routing: workloads by namespace and pod label, Service selectors by name, DestinationRules by the
/// Service their host names, VirtualServices and HTTPRoutes compiled (``MeshVirtualService``,
/// ``MeshHTTPRoute``; an HTTPRoute that does not compile is kept with its reason instead). The mesh keeps one and
/// applies the store's changes to it (``apply(_:)``), so a simulated second costs O(routes), not O(objects), and a
/// write costs O(that object).
struct MeshTopology: Sendable {
    /// A namespaced name.
    struct Name: Hashable, Sendable, Comparable {
        var namespace: String
        var name: String

        static func < (a: Name, b: Name) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }
    }

    /// One pod label in one namespace: the key of the label index.
    private struct Label: Hashable, Sendable {
        var namespace: String
        var key: String
        var value: String
    }

    /// The resources the topology mirrors, by `ServedResource.qualifiedResource`.
    static let resources: Set<String> = [
        "deployments.apps", "services", "virtualservices.networking.istio.io", "destinationrules.networking.istio.io",
        "httproutes.gateway.networking.k8s.io",
    ]

    /// The header tagged requests carry (VirtualServices are compiled for it).
    let testHeader: (name: String, value: String)
    /// Grows with every applied change, so routing plans derived from the topology know when to be redone.
    private(set) var generation = 0
    /// Every Deployment.
    private(set) var workloads: [Name: MeshWorkload] = [:]
    private var labelIndex: [Label: Set<Name>] = [:]
    /// Service selectors.
    private var services: [Name: [String: String]] = [:]
    /// DestinationRule objects, and their names by the Service their host names (sorted).
    private var destinationRules: [Name: (service: Name, rule: JSONValue)] = [:]
    private var rulesByService: [Name: [Name]] = [:]
    /// VirtualServices, compiled.
    private(set) var virtualServices: [Name: MeshVirtualService] = [:]
    /// HTTPRoutes that compiled.
    private(set) var httpRoutes: [Name: MeshHTTPRoute] = [:]
    /// HTTPRoutes that did not compile, with the reason.
    private(set) var invalidHTTPRoutes: [Name: String] = [:]

    /// An empty topology compiling routes for `testHeader`.
    init(testHeader: (name: String, value: String)) {
        self.testHeader = testHeader
    }

    /// The VirtualServices' names, sorted by namespace and name (the order traffic is generated in).
    var virtualServiceNames: [Name] { virtualServices.keys.sorted() }

    /// Forgets everything (before a complete feed).
    mutating func removeAll() {
        self = MeshTopology(testHeader: testHeader)
    }

    /// Applies one write to the store; writes to other resources are ignored.
    mutating func apply(_ change: SandboxChange) {
        let name = Name(namespace: change.namespace ?? "", name: change.name)
        let object: JSONValue? = change.kind == .deleted ? nil : change.object
        switch change.resource.qualifiedResource {
        case "deployments.apps": setDeployment(name, object)
        case "services": services[name] = object.map { MeshWorkload.labels($0["spec"]?["selector"]) }
        case "virtualservices.networking.istio.io":
            virtualServices[name] = object.map { MeshVirtualService($0, testHeader: testHeader) }
        case "destinationrules.networking.istio.io": setDestinationRule(name, object)
        case "httproutes.gateway.networking.k8s.io": setHTTPRoute(name, object)
        default: return
        }
        generation += 1
    }

    private mutating func setDeployment(_ name: Name, _ object: JSONValue?) {
        if let old = workloads.removeValue(forKey: name) {
            for (key, value) in old.labels {
                let label = Label(namespace: name.namespace, key: key, value: value)
                labelIndex[label]?.remove(name)
                if labelIndex[label]?.isEmpty == true { labelIndex[label] = nil }
            }
        }
        guard let object else { return }
        let workload = MeshWorkload(deployment: object)
        workloads[name] = workload
        for (key, value) in workload.labels {
            labelIndex[Label(namespace: name.namespace, key: key, value: value), default: []].insert(name)
        }
    }

    private mutating func setHTTPRoute(_ name: Name, _ object: JSONValue?) {
        httpRoutes[name] = nil
        invalidHTTPRoutes[name] = nil
        guard let object else { return }
        do {
            httpRoutes[name] = try MeshHTTPRoute(object, testHeader: testHeader)
        } catch {
            invalidHTTPRoutes[name] = error.reason
        }
    }

    private mutating func setDestinationRule(_ name: Name, _ object: JSONValue?) {
        if let old = destinationRules.removeValue(forKey: name) {
            rulesByService[old.service]?.removeAll { $0 == name }
            if rulesByService[old.service]?.isEmpty == true { rulesByService[old.service] = nil }
        }
        guard let object, let host = object["spec"]?["host"]?.stringValue else { return }
        let service = Self.service(host: host, defaultNamespace: name.namespace)
        let target = Name(namespace: service.namespace, name: service.name)
        destinationRules[name] = (target, object)
        rulesByService[target, default: []].append(name)
        rulesByService[target]!.sort()
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

    /// The workloads behind a route destination, sorted by name: the Service's selector (if the Service exists)
    /// plus the DestinationRule subset's labels; without a Service or subset, the Deployment named like the host.
    func workloads(host: String, subset: String?, namespace: String) -> [MeshWorkload] {
        let service = Self.service(host: host, defaultNamespace: namespace)
        let serviceName = Name(namespace: service.namespace, name: service.name)
        var selector = services[serviceName]
        if let subset {
            guard let labels = subsetLabels(service: serviceName, subset: subset) else { return [] }
            selector = (selector ?? [:]).merging(labels) { _, subsetValue in subsetValue }
        }
        guard let selector, !selector.isEmpty else {
            return workloads[serviceName].map { [$0] } ?? []
        }
        return selected(by: selector, in: service.namespace)
    }

    /// Whether Service `name` exists.
    func hasService(_ name: Name) -> Bool { services[name] != nil }

    /// The workloads Service `name` selects, sorted by name; none when it does not exist or selects nothing (a
    /// Gateway API backendRef reaches a Service's endpoints only).
    func workloads(service name: Name) -> [MeshWorkload] {
        guard let selector = services[name], !selector.isEmpty else { return [] }
        return selected(by: selector, in: name.namespace)
    }

    /// The Deployments in `namespace` whose pods carry every label of `selector` (not empty), sorted by name.
    private func selected(by selector: [String: String], in namespace: String) -> [MeshWorkload] {
        // The smallest posting list of the selector's labels, then the full match.
        var candidates: Set<Name>?
        for (key, value) in selector {
            let posting = labelIndex[Label(namespace: namespace, key: key, value: value)] ?? []
            if candidates == nil || posting.count < candidates!.count { candidates = posting }
        }
        return (candidates ?? []).sorted().compactMap { workloads[$0] }.filter { $0.matches(selector) }
    }

    private func subsetLabels(service: Name, subset: String) -> [String: String]? {
        for name in rulesByService[service] ?? [] {
            for entry in destinationRules[name]?.rule["spec"]?["subsets"]?.arrayValue ?? []
            where entry["name"]?.stringValue == subset {
                return MeshWorkload.labels(entry["labels"])
            }
        }
        return nil
    }
}
