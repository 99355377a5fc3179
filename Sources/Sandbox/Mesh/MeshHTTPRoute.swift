import Kubernetes

/// A Gateway API HTTPRoute read once per change, as a GAMMA mesh reads it: the Services it attaches to (its
/// `parentRefs` of group `""` or `core` and kind `Service`) and, per rule, how specific its best match is for each
/// class of request the mesh sends (without and with the test header) and its weighted backends. Routing a
/// second's requests is then arithmetic, not JSON.
///
/// Matched as Istio matches HTTPRoutes: header conditions of type `Exact` (the default) and `RegularExpression`
/// (a whole match); names are case-insensitive. Path, method and query parameter conditions are not simulated:
/// like a VirtualService's `uri`, they accept every request and do not weigh in precedence. A `backendRef`'s
/// `weight` defaults to 1; a backendRef that is not a Service keeps its share of the requests, which fail.
///
/// The Sandbox does not enforce the HTTPRoute CRD's schema, so a route the real API server would refuse, or that
/// no mesh would take (no Service among its parents), is not compiled: `init` throws the reason, and the mesh
/// ignores the route (``SimulatedMesh/ignoredHTTPRoutes()``).
struct MeshHTTPRoute: Sendable {
    /// Why a route is ignored.
    struct Invalid: Error, Sendable, Equatable {
        /// The field and what is wrong with it.
        var reason: String
    }

    /// One weighted backendRef.
    struct Backend: Sendable {
        /// The Service, or nil when the backendRef names another kind (its requests fail).
        var service: MeshTopology.Name?
        /// Its weight, 0 to 1,000,000.
        var weight: Double
    }

    /// One rule of `spec.rules`.
    struct Rule: Sendable {
        /// Per request class (index 0: no header, 1: the test header), the number of header conditions of the most
        /// specific match that accepts it (0 for a rule without matches); nil when no match accepts it.
        var specificity: [Int?]
        /// Its backendRefs, in order.
        var backends: [Backend]
    }

    /// The route's namespace and name.
    var name: MeshTopology.Name
    /// `metadata.creationTimestamp` (RFC 3339, so ordered as text): an older route takes precedence on a tie.
    var created: String
    /// The Services it attaches to, in `parentRefs` order, without repeats.
    var parents: [MeshTopology.Name]
    /// `spec.rules`, in order.
    var rules: [Rule]

    /// The most a `backendRef`'s `weight` may be (the CRD's maximum).
    static let maximumWeight: Int64 = 1_000_000

    /// Compiles `route` for requests without and with the header `testHeader`.
    ///
    /// - Throws: ``Invalid`` naming the field: no Service among the parents, a field of the wrong type, a header
    ///   condition without a name or value or of an unknown type, a regular expression that does not compile, a
    ///   backendRef without a name, a weight that is not an integer from 0 to 1,000,000.
    init(_ route: JSONValue, testHeader: (name: String, value: String)) throws(Invalid) {
        let namespace = route["metadata"]?["namespace"]?.stringValue ?? "default"
        name = MeshTopology.Name(namespace: namespace, name: route["metadata"]?["name"]?.stringValue ?? "")
        created = route["metadata"]?["creationTimestamp"]?.stringValue ?? ""
        let spec = route["spec"] ?? [:]
        parents = try Self.parents(spec["parentRefs"], namespace: namespace)
        let classes: [[String: String]] = [[:], [testHeader.name.lowercased(): testHeader.value]]
        rules = try Self.list(spec["rules"], "spec.rules").enumerated().map { (index, rule) throws(Invalid) in
            let path = "spec.rules[\(index)]"
            let matches = try Self.list(rule["matches"], "\(path).matches").enumerated().map {
                (position, match) throws(Invalid) in
                try HeaderMatch.conditions(match, path: "\(path).matches[\(position)]")
            }
            let specificity = classes.map { headers -> Int? in
                guard !matches.isEmpty else { return 0 }
                return matches.filter { $0.allSatisfy { $0.accepts(headers) } }.map(\.count).max()
            }
            let backends = try Self.list(rule["backendRefs"], "\(path).backendRefs").enumerated().map {
                (position, backend) throws(Invalid) in
                try Self.backend(backend, path: "\(path).backendRefs[\(position)]", namespace: namespace)
            }
            return Rule(specificity: specificity, backends: backends)
        }
    }

    /// The Services among `parentRefs`.
    private static func parents(_ value: JSONValue?, namespace: String) throws(Invalid) -> [MeshTopology.Name] {
        var services: [MeshTopology.Name] = []
        for (index, parent) in try list(value, "spec.parentRefs").enumerated() {
            let group = parent["group"]?.stringValue ?? "gateway.networking.k8s.io"
            let kind = parent["kind"]?.stringValue ?? "Gateway"
            guard group == "" || group == "core", kind == "Service" else { continue }
            guard let name = parent["name"]?.stringValue, !name.isEmpty else {
                throw Invalid(reason: "spec.parentRefs[\(index)].name: required")
            }
            let service = MeshTopology.Name(namespace: parent["namespace"]?.stringValue ?? namespace, name: name)
            if !services.contains(service) { services.append(service) }
        }
        guard !services.isEmpty else {
            throw Invalid(
                reason: "spec.parentRefs: no Service among the parents (group \"\", kind Service), so no mesh route")
        }
        return services
    }

    private static func backend(_ value: JSONValue, path: String, namespace: String) throws(Invalid) -> Backend {
        guard case .object = value else { throw Invalid(reason: "\(path): expected an object") }
        guard let name = value["name"]?.stringValue, !name.isEmpty else {
            throw Invalid(reason: "\(path).name: required")
        }
        var weight: Int64 = 1
        if let given = value["weight"] {
            guard let integer = given.integerValue, (0...maximumWeight).contains(integer) else {
                throw Invalid(reason: "\(path).weight: must be an integer from 0 to \(maximumWeight)")
            }
            weight = integer
        }
        let group = value["group"]?.stringValue ?? ""
        let isService = (group == "" || group == "core") && (value["kind"]?.stringValue ?? "Service") == "Service"
        let service = MeshTopology.Name(namespace: value["namespace"]?.stringValue ?? namespace, name: name)
        return Backend(service: isService ? service : nil, weight: Double(weight))
    }

    /// The elements of an optional list field.
    static func list(_ value: JSONValue?, _ path: String) throws(Invalid) -> [JSONValue] {
        switch value {
        case nil, .null?: return []
        case .array(let elements)?: return elements
        default: throw Invalid(reason: "\(path): expected a list")
        }
    }
}
