import Experiments

/// Locates the route from iter8's `weightObjRef` field paths (`.spec.http[i].route[j].weight`).
enum WeightReferenceLocator {
    static func locate(versions: [VersionSpec], _ context: RouteLocator.Context) throws -> RouteBinding {
        let names = versions.map(\.name)
        var routeIndex: Int?
        var mapping: [String: Int] = [:]
        var owner: [Int: String] = [:]
        let routes = context.virtualService.http
        for version in versions {
            guard let reference = version.weightObjRef else { continue }
            guard let (i, j) = indices(of: reference.path) else {
                throw IstioError(
                    .invalidFieldPath,
                    "weightObjRef.fieldPath \(reference.fieldPath) does not name a route destination's weight "
                        + "(expected .spec.http[i].route[j].weight)",
                    virtualService: context.reference, version: version.name)
            }
            if let routeIndex, routeIndex != i {
                throw IstioError(
                    .invalidFieldPath,
                    "weightObjRef.fieldPath \(reference.fieldPath) names http[\(i)], another version names http[\(routeIndex)]; "
                        + "one HTTP route must carry every version",
                    virtualService: context.reference, version: version.name)
            }
            routeIndex = i
            guard routes.indices.contains(i) else {
                throw IstioError(
                    .invalidFieldPath, "weightObjRef.fieldPath \(reference.fieldPath): there is no http[\(i)] (\(routes.count) routes)",
                    virtualService: context.reference, version: version.name)
            }
            let destinations = routes[i].destinations
            guard destinations.indices.contains(j) else {
                throw IstioError(
                    .invalidFieldPath,
                    "weightObjRef.fieldPath \(reference.fieldPath): route \(routes[i].label) has no destination [\(j)] "
                        + "(\(destinations.count) destinations)",
                    virtualService: context.reference, route: routes[i].label, version: version.name)
            }
            if let other = owner[j] {
                throw IstioError(
                    .ambiguousDestination, "weightObjRef.fieldPath \(reference.fieldPath) is also the weightObjRef of \(other)",
                    virtualService: context.reference, route: routes[i].label, version: version.name)
            }
            owner[j] = version.name
            mapping[version.name] = j
        }
        guard let routeIndex else { throw IstioError(.invalidFieldPath, "no version has a weightObjRef", virtualService: context.reference) }
        let route = routes[routeIndex]
        for version in versions where version.weightObjRef == nil {
            let remaining = route.destinations.filter { owner[$0.index] == nil }
            guard let destination = remaining.first else {
                throw IstioError(
                    .destinationNotFound, "the version has no weightObjRef and every destination of the route belongs to another version",
                    virtualService: context.reference, route: route.label, version: version.name)
            }
            guard remaining.count == 1 else {
                throw IstioError(
                    .ambiguousDestination,
                    "the version has no weightObjRef and \(remaining.count) destinations are left "
                        + "(\(remaining.map(\.label).joined(separator: ", "))); give it a weightObjRef",
                    virtualService: context.reference, route: route.label, version: version.name)
            }
            owner[destination.index] = version.name
            mapping[version.name] = destination.index
        }
        return try context.binding(route: route, versions: names, mapping: mapping)
    }

    /// `(i, j)` of `spec.http[i].route[j].weight`, or nil for any other path.
    static func indices(of path: FieldPath) -> (Int, Int)? {
        let c = path.components
        guard c.count == 6, c[0] == .key("spec"), c[1] == .key("http"), c[3] == .key("route"), c[5] == .key("weight"),
            case .index(let i) = c[2], case .index(let j) = c[4]
        else { return nil }
        return (i, j)
    }
}
