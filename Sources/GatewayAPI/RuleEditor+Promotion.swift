import Kubernetes
import Routing

extension RuleEditor {
    /// The edit that gives all traffic to `winner` at the end of an experiment.
    ///
    /// - A rule without header matches: the split winner 100, every other version 0 (weights only).
    /// - An A/B rule (its matches carry headers) followed by a default rule (the first later rule without header
    ///   matches that has a version's backendRef): the A/B rule is removed (after a `test` of its whole content),
    ///   and the default rule sends 100% to the winner — by weights when it already lists the winner's backend
    ///   (same group, kind, name, namespace and port), or, when it has one backendRef of another version, by
    ///   pointing that backendRef at the winner's backend. Fields of the default rule other than its backendRefs'
    ///   references and weights stay.
    /// - An A/B rule without a default rule whose matches test nothing but headers: its `matches` are removed so
    ///   it takes all traffic, and the winner gets 100. When its matches also test a path, method or query, no rule
    ///   can take the traffic without guessing, and that is an error.
    public static func promotion(to winner: String, binding: RuleBinding, in route: HTTPRoute) throws -> HTTPRouteEdit {
        let fail = { (code: GatewayAPIError.Code, message: String, rule: String) in
            GatewayAPIError(code, message, httpRoute: binding.httpRoute, rule: rule, version: winner)
        }
        guard binding.versions.contains(winner), let winnerIndex = binding.backendRefs[winner] else {
            throw fail(.invalidSplit, "\(winner) is not a version of the experiment", binding.ruleLabel)
        }
        var split: [String: Int] = [:]
        for version in binding.versions { split[version] = version == winner ? 100 : 0 }
        guard binding.hasHeaderMatches else { return try self.split(split, binding: binding, in: route) }

        let rule = try self.rule(binding, in: route)
        guard rule.backendRefs.indices.contains(winnerIndex) else {
            throw fail(.backendRefNotFound, "the rule no longer has the version's backendRef", binding.ruleLabel)
        }
        var builder = JSONPatchBuilder()
        guard let defaultIndex = binding.defaultRuleIndex, route.rules.indices.contains(defaultIndex) else {
            guard rule.matches.allSatisfy({ $0.object.objectValue.map { Set($0.keys) } == ["headers"] }) else {
                throw fail(
                    .ruleNotFound,
                    "no later rule without header matches has a version's backendRef, and the A/B rule's matches test more "
                        + "than headers; cannot send all traffic to the winner without guessing (add a default rule)",
                    binding.ruleLabel)
            }
            builder.test(rule.pointer.appending("matches"), rule.object["matches"] ?? .null)
            builder.remove(rule.pointer.appending("matches"))
            var unmatched = rule.object
            unmatched["matches"] = nil
            try setWeights(split, binding: binding, rule: RouteRule(index: rule.index, object: unmatched), &builder)
            return try builder.edit(of: route)
        }
        builder.test(rule.pointer, rule.object)
        builder.remove(rule.pointer)
        let shifted = RouteRule(index: defaultIndex - 1, object: route.rules[defaultIndex].object)
        let winnerRef = rule.backendRefs[winnerIndex]
        let same = shifted.backendRefs.filter { sameBackend($0, winnerRef, routeNamespace: route.namespace) }
        let defaultLabel = route.rules[defaultIndex].label
        if same.count > 1 {
            throw fail(.ambiguousBackendRef, "the default rule lists \(winnerRef.label) \(same.count) times", defaultLabel)
        }
        if let target = same.first {
            let backendRefs = shifted.backendRefs
            for backendRef in backendRefs {
                if backendRefs.count == 1 && backendRef.weight == nil { continue }
                builder.setWeight(backendRef.index == target.index ? 100 : 0, rule: shifted, backendRef: backendRef.index)
            }
        } else if shifted.backendRefs.count == 1 {
            let pointer = shifted.pointer.appending("backendRefs").appending(0)
            let old = shifted.backendRefs[0].object
            builder.test(pointer, old)
            for key in ["group", "kind", "name", "namespace", "port"] where old[key] != winnerRef.object[key] {
                switch (old[key], winnerRef.object[key]) {
                case (nil, let value?): builder.add(pointer.appending(.key(key)), value)
                case (_?, nil): builder.remove(pointer.appending(.key(key)))
                case (_, let value?): builder.replace(pointer.appending(.key(key)), value)
                case (nil, nil): break
                }
            }
            if let weight = shifted.backendRefs[0].weight, weight == 0 {
                builder.replace(pointer.appending("weight"), .integer(100))
            }
        } else {
            throw fail(
                .backendRefNotFound,
                "the default rule has \(shifted.backendRefs.count) backendRefs and none is \(winnerRef.label); cannot send all "
                    + "traffic to the winner without guessing",
                defaultLabel)
        }
        return try builder.edit(of: route)
    }

    /// The same backend: group, kind, name, namespace (the route's when omitted) and port.
    static func sameBackend(_ a: BackendReference, _ b: BackendReference, routeNamespace: String?) -> Bool {
        a.group == b.group && a.kind == b.kind && a.name == b.name && a.port == b.port
            && (a.namespace ?? routeNamespace) == (b.namespace ?? routeNamespace)
    }
}
