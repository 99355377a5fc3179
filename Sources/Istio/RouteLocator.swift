import Experiments
import Foundation
import Kubernetes

/// Finds the HTTP route that carries an experiment and each version's destination in it.
///
/// - `spec.routing` with a route name: the route of that name (exactly one).
/// - `spec.routing` without a route name: the one route whose destinations cover every version (and, when
///   the spec has `match` clauses, whose `match` equals them); two such routes are ambiguous.
/// - iter8's `weightObjRef`: every field path must name the `weight` of an existing destination of one
///   route (`.spec.http[i].route[j].weight`); the one version without a reference (if any) gets the
///   route's only remaining destination.
///
/// A version's destination is the one whose subset (and host, when given) match its selector
/// (`spec.routing.destinations[version]`, default: subset = version name). When no destination has that
/// subset, a DestinationRule subset labelled `version: <name>` stands for it — only if exactly one does.
/// Anything missing or ambiguous throws ``IstioError``; nothing is guessed.
public enum RouteLocator {
    /// The VirtualService (name, namespace) that `routing` names, or nil for `.none`.
    public static func target(routing: RoutingSpec, versions: [VersionSpec]) throws -> (name: String, namespace: String)? {
        switch routing {
        case .none:
            return nil
        case .virtualService(let route):
            return (route.name, route.namespace)
        case .httpRoute(let rule):
            throw IstioError(
                .routeNotFound, "the experiment routes by HTTPRoute \(rule.namespace)/\(rule.name), not by a VirtualService")
        case .weightObjectReferences:
            let references = versions.compactMap(\.weightObjRef)
            guard let first = references.first else {
                throw IstioError(.invalidFieldPath, "no version has a weightObjRef")
            }
            for (version, reference) in versions.compactMap({ v in v.weightObjRef.map { (v.name, $0) } }) {
                guard reference.kind == "VirtualService" else {
                    throw IstioError(
                        .invalidFieldPath, "weightObjRef names a \(reference.kind); only VirtualService is supported",
                        virtualService: "\(reference.namespace)/\(reference.name)", version: version)
                }
                guard reference.name == first.name && reference.namespace == first.namespace else {
                    throw IstioError(
                        .invalidFieldPath,
                        "weightObjRefs name two objects (\(first.namespace)/\(first.name) and "
                            + "\(reference.namespace)/\(reference.name)); one HTTP route must carry every version",
                        version: version)
                }
            }
            return (first.name, first.namespace)
        }
    }

    /// Locates the experiment's route in `virtualService`.
    ///
    /// - Parameters:
    ///   - destinationRules: the rules to check subsets against (and to find `version` labels in); nil skips
    ///     the subset check (for a manifest whose DestinationRule lives elsewhere).
    /// - Throws: ``IstioError`` for a missing or ambiguous route or destination, or a missing subset.
    public static func locate(
        routing: RoutingSpec, versions: [VersionSpec], in virtualService: VirtualService,
        destinationRules: [DestinationRule]?
    ) throws -> RouteBinding {
        let context = Context(virtualService: virtualService, destinationRules: destinationRules)
        let names = versions.map(\.name)
        switch routing {
        case .none:
            throw IstioError(.routeNotFound, "the experiment moves no traffic (no routing)", virtualService: context.reference)
        case .virtualService(let spec):
            let selectors = Dictionary(uniqueKeysWithValues: names.map { name in
                (name, Selector(destination: spec.destinations[name] ?? .init(subset: name), isDefault: spec.destinations[name] == nil))
            })
            return try locateByRoute(spec, versions: names, selectors: selectors, context)
        case .httpRoute(let rule):
            throw IstioError(
                .routeNotFound, "the experiment routes by HTTPRoute \(rule.namespace)/\(rule.name), not by a VirtualService",
                virtualService: context.reference)
        case .weightObjectReferences:
            return try WeightReferenceLocator.locate(versions: versions, context)
        }
    }

    static func locateByRoute(
        _ spec: VirtualServiceRoute, versions: [String], selectors: [String: Selector], _ context: Context
    ) throws -> RouteBinding {
        let routes = context.virtualService.http
        if let name = spec.route {
            let named = routes.filter { $0.name == name }
            guard let route = named.first else {
                let known = routes.compactMap(\.name)
                throw IstioError(
                    .routeNotFound,
                    "no HTTP route named \(name)" + (known.isEmpty ? " (no route has a name)" : " (routes: \(known.joined(separator: ", ")))"),
                    virtualService: context.reference, route: name)
            }
            guard named.count == 1 else {
                throw IstioError(
                    .ambiguousRoute, "\(named.count) HTTP routes are named \(name) (http[\(named.map { String($0.index) }.joined(separator: "], http["))])",
                    virtualService: context.reference, route: name)
            }
            let mapping = try context.map(versions, selectors: selectors, in: route).get()
            return try context.binding(route: route, versions: versions, mapping: mapping)
        }
        let wanted = try Set(spec.match.map(encode))
        var candidates: [(HTTPRoute, [String: Int])] = []
        var failures: [IstioError] = []
        for route in routes {
            if !wanted.isEmpty && Set(route.match) != wanted { continue }
            switch context.map(versions, selectors: selectors, in: route) {
            case .success(let mapping): candidates.append((route, mapping))
            case .failure(let error): failures.append(error)
            }
        }
        guard let (route, mapping) = candidates.first else {
            var message = "no HTTP route has a destination for every version (\(versions.joined(separator: ", ")))"
            if !wanted.isEmpty { message = "no HTTP route with the experiment's match clauses has a destination for every version" }
            if let reason = failures.first { message += "; \(reason.route ?? "a route"): \(reason.message)" }
            throw IstioError(.routeNotFound, message, virtualService: context.reference)
        }
        guard candidates.count == 1 else {
            throw IstioError(
                .ambiguousRoute,
                "\(candidates.count) HTTP routes (\(candidates.map(\.0.label).joined(separator: ", "))) have a destination for every "
                    + "version; name the route in spec.routing.route",
                virtualService: context.reference)
        }
        return try context.binding(route: route, versions: versions, mapping: mapping)
    }

    /// An `HTTPMatch` as the JSON an Istio route holds.
    static func encode(_ match: HTTPMatch) throws -> JSONValue {
        try JSONValue.parse(JSONEncoder().encode(match))
    }
}

/// How one version is recognised among a route's destinations.
struct Selector {
    /// Host and/or subset to match.
    var destination: VirtualServiceRoute.Destination
    /// True when the spec named nothing and the selector is the default (subset = version name).
    var isDefault: Bool
}
