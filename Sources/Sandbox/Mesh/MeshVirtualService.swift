import Kubernetes

/// A VirtualService read once per change: its hosts, and for each kind of request the mesh sends (without and
/// with the test header) the destinations of the first HTTP route that accepts it, with their weights as
/// ``MeshRouter/choose(_:using:)`` reads them. Routing a second's requests is then arithmetic, not JSON.
struct MeshVirtualService: Sendable {
    /// One weighted destination of a route.
    struct WeightedDestination: Sendable {
        var destination: MeshRouter.Destination
        /// The share of the route's requests, already normalised as `choose` treats missing and zero weights.
        var weight: Double
    }

    /// `metadata.namespace`.
    var namespace: String
    /// `spec.hosts`.
    var hosts: [String]
    /// Per request class (index 0: no header, 1: the test header), the accepting route's destinations; nil when no
    /// route accepts (or the route has no destination), and Istio would answer 404.
    var routes: [[WeightedDestination]?]

    /// Compiles `virtualService` for requests without and with the header `testHeader`.
    init(_ virtualService: JSONValue, testHeader: (name: String, value: String)) {
        namespace = virtualService["metadata"]?["namespace"]?.stringValue ?? "default"
        hosts = virtualService["spec"]?["hosts"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let http = virtualService["spec"]?["http"]?.arrayValue ?? []
        routes = [[:], [testHeader.name: testHeader.value]].map { headers in
            guard let route = http.first(where: { route in
                let matches = route["match"]?.arrayValue ?? []
                return matches.isEmpty || matches.contains { MeshRouter.accepts($0, headers: headers) }
            })
            else { return nil }
            let parsed = MeshRouter.destinations(route["route"]?.arrayValue ?? [])
            guard !parsed.isEmpty else { return nil }
            let total = parsed.reduce(0) { $0 + $1.weight }
            return parsed.map { WeightedDestination(destination: $0.destination, weight: total > 0 ? $0.weight : 1) }
        }
    }
}
