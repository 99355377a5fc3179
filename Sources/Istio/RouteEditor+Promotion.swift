import Kubernetes
import Routing

extension RouteEditor {
    /// The edit that gives all traffic to `winner` at the end of an experiment.
    ///
    /// - A route without `match` clauses: the split winner 100, every other version 0 (weights only).
    /// - An A/B route (with `match` clauses) followed by a default route (the first later route without
    ///   `match`): the A/B route is removed (after a `test` of its whole content), and the default route sends
    ///   100% to the winner — by weights when it already lists the winner's destination (same host and
    ///   subset), or, when it has one destination of another version, by replacing that destination's
    ///   `destination` (host, subset, port as in the A/B route). Fields of the default route other than its
    ///   destinations stay.
    /// - An A/B route without a default route: its `match` is removed so it takes all traffic, and the
    ///   winner gets 100.
    public static func promotion(to winner: String, binding: RouteBinding, in virtualService: VirtualService) throws
        -> VirtualServiceEdit
    {
        guard binding.versions.contains(winner) else {
            throw IstioError(
                .invalidSplit, "\(winner) is not a version of the experiment", virtualService: binding.virtualService,
                route: binding.routeLabel, version: winner)
        }
        var split: [String: Int] = [:]
        for version in binding.versions { split[version] = version == winner ? 100 : 0 }
        guard binding.hasMatch else { return try self.split(split, binding: binding, in: virtualService) }

        let route = try self.route(binding, in: virtualService)
        var builder = PatchBuilder()
        guard let defaultIndex = binding.defaultRouteIndex, virtualService.http.indices.contains(defaultIndex) else {
            // No other route takes the rest of the traffic: this route becomes the catch-all.
            builder.test(route.pointer.appending("match"), .array(route.match))
            builder.remove(route.pointer.appending("match"))
            let unmatched = HTTPRoute(index: route.index, object: route.object.removing("match"))
            for version in binding.versions {
                guard let index = binding.destinations[version] else { continue }
                let weight = split[version] ?? 0
                if unmatched.destinations.count == 1 && unmatched.destinations[index].weight == nil && weight == 100 { continue }
                builder.setWeight(weight, route: unmatched, destination: index)
            }
            return try builder.edit(of: virtualService)
        }
        builder.test(route.pointer, route.object)
        builder.remove(route.pointer)
        let shifted = HTTPRoute(index: defaultIndex - 1, object: virtualService.http[defaultIndex].object)
        guard let winnerIndex = binding.destinations[winner] else {
            throw IstioError(.destinationNotFound, "no destination", virtualService: binding.virtualService, version: winner)
        }
        let winnerDestination = route.destinations[winnerIndex]
        let same = shifted.destinations.filter { sameTarget($0, winnerDestination, namespace: virtualService.namespace) }
        let fail = { (code: IstioError.Code, message: String) in
            IstioError(code, message, virtualService: binding.virtualService, route: shifted.name ?? "http[\(defaultIndex)]", version: winner)
        }
        if same.count > 1 {
            throw fail(.ambiguousDestination, "the default route lists \(winnerDestination.label) \(same.count) times")
        }
        if let target = same.first {
            for destination in shifted.destinations {
                let weight = destination.index == target.index ? 100 : 0
                if shifted.destinations.count == 1 && destination.weight == nil { continue }
                builder.setWeight(weight, route: shifted, destination: destination.index)
            }
        } else if shifted.destinations.count == 1, let newTarget = winnerDestination.object["destination"] {
            let pointer = shifted.pointer.appending("route").appending(0).appending("destination")
            builder.test(pointer, shifted.destinations[0].object["destination"] ?? .null)
            builder.replace(pointer, newTarget)
            if let weight = shifted.destinations[0].weight, weight != 100 {
                builder.setWeight(100, route: shifted, destination: 0)
            }
        } else {
            throw fail(
                .destinationNotFound,
                "the default route has \(shifted.destinations.count) destinations and none is \(winnerDestination.label); "
                    + "cannot send all traffic to the winner without guessing")
        }
        return try builder.edit(of: virtualService)
    }

    /// Same host (qualified in the VirtualService's namespace) and same subset.
    static func sameTarget(_ a: RouteDestination, _ b: RouteDestination, namespace: String?) -> Bool {
        guard let hostA = a.host, let hostB = b.host else { return false }
        return a.subset == b.subset && IstioHost.same(hostA, namespace: namespace, hostB, namespace: namespace)
    }
}

extension JSONValue {
    /// The object without member `key`.
    func removing(_ key: String) -> JSONValue {
        var copy = self
        copy[key] = nil
        return copy
    }
}
