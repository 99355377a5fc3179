import Experiments
import Kubernetes

/// Finds the HTTPRoute rule that carries an experiment and each version's backendRef in it.
///
/// - The rule: by `name` (exactly one rule of that name), by index in `spec.rules`, or — neither given — the one
///   rule whose backendRefs cover every version; two such rules are ambiguous, never a guess.
/// - A version's backendRef: the core Service backendRef with the name of ``Experiments/HTTPRouteRule/backendRef(of:)``
///   (the Service named after the version unless the spec says otherwise), and its namespace and port when the
///   spec gives them. None, or two, is an error; so is one backendRef matching two versions.
/// - BackendRefs of no version must carry weight 0 (an omitted weight is 1): a split over the versions would
///   otherwise take their traffic away.
///
/// Anything missing or ambiguous throws ``GatewayAPIError``; nothing is guessed.
public enum RuleLocator {
    /// Locates `rule`'s rule in `route` for `versions` (baseline first).
    public static func locate(_ rule: HTTPRouteRule, versions: [String], in route: HTTPRoute) throws -> RuleBinding {
        // A manifest document without metadata.namespace is the spec's object: its backendRefs are in that namespace.
        let route = route.namespace == nil ? try HTTPRoute(route.object.settingNamespace(rule.namespace)) : route
        let rules = route.rules
        let reference = route.reference
        switch rule.rule {
        case .named(let name):
            let named = rules.filter { $0.name == name }
            guard let found = named.first else {
                let known = rules.compactMap(\.name)
                throw GatewayAPIError(
                    .ruleNotFound,
                    "no rule named \(name)" + (known.isEmpty ? " (no rule has a name)" : " (rules: \(known.joined(separator: ", ")))"),
                    httpRoute: reference, rule: name)
            }
            guard named.count == 1 else {
                throw GatewayAPIError(
                    .ambiguousRule, "\(named.count) rules are named \(name) (\(named.map { "rules[\($0.index)]" }.joined(separator: ", ")))",
                    httpRoute: reference, rule: name)
            }
            return try binding(found, mapping: map(versions, rule, in: found, route).get(), rule, versions, route)
        case .index(let index):
            guard rules.indices.contains(index) else {
                throw GatewayAPIError(
                    .ruleNotFound, "spec.rules has \(rules.count) rule\(rules.count == 1 ? "" : "s"), no rule at index \(index)",
                    httpRoute: reference, rule: "rules[\(index)]")
            }
            let found = rules[index]
            return try binding(found, mapping: map(versions, rule, in: found, route).get(), rule, versions, route)
        case .covering:
            var candidates: [(RouteRule, [String: Int])] = []
            var failures: [GatewayAPIError] = []
            for candidate in rules {
                switch map(versions, rule, in: candidate, route) {
                case .success(let mapping): candidates.append((candidate, mapping))
                case .failure(let error): failures.append(error)
                }
            }
            guard let (found, mapping) = candidates.first else {
                var message = "no rule has a backendRef for every version (\(versions.joined(separator: ", ")))"
                if let reason = failures.first { message += "; \(reason.rule ?? "a rule"): \(reason.message)" }
                throw GatewayAPIError(.ruleNotFound, message, httpRoute: reference)
            }
            guard candidates.count == 1 else {
                throw GatewayAPIError(
                    .ambiguousRule,
                    "\(candidates.count) rules (\(candidates.map(\.0.label).joined(separator: ", "))) have a backendRef for every "
                        + "version; name the rule in spec.routing.rule (or give spec.routing.ruleIndex)",
                    httpRoute: reference)
            }
            return try binding(found, mapping: mapping, rule, versions, route)
        }
    }

    /// Whether `backendRef` is what `selector` names: a core Service of that name, in the selector's namespace
    /// (the route's when the backendRef names none) and on its port, when the selector gives them.
    public static func matches(_ backendRef: BackendReference, _ selector: HTTPRouteRule.BackendRef, routeNamespace: String?) -> Bool {
        guard backendRef.isService, backendRef.name == selector.name else { return false }
        if let namespace = selector.namespace, (backendRef.namespace ?? routeNamespace) != namespace { return false }
        if let port = selector.port, backendRef.port != Int64(port) { return false }
        return true
    }

    /// Per version, the index of its one backendRef in `candidate`.
    static func map(_ versions: [String], _ rule: HTTPRouteRule, in candidate: RouteRule, _ route: HTTPRoute)
        -> Result<[String: Int], GatewayAPIError>
    {
        let backendRefs = candidate.backendRefs
        var mapping: [String: Int] = [:]
        var owner: [Int: String] = [:]
        for version in versions {
            let selector = rule.backendRef(of: version)
            let found = backendRefs.filter { matches($0, selector, routeNamespace: route.namespace) }
            let fail = { (code: GatewayAPIError.Code, message: String) in
                GatewayAPIError(code, message, httpRoute: route.reference, rule: candidate.label, version: version)
            }
            guard let backendRef = found.first else {
                return .failure(fail(.backendRefNotFound, "no backendRef of the rule is \(describe(selector))"))
            }
            guard found.count == 1 else {
                return .failure(fail(
                    .ambiguousBackendRef,
                    "\(found.count) backendRefs of the rule are \(describe(selector)) (backendRefs[\(found.map { String($0.index) }.joined(separator: "], backendRefs["))]); "
                        + "give the version's port in spec.routing.backendRefs"))
            }
            if let other = owner[backendRef.index] {
                return .failure(fail(
                    .ambiguousBackendRef, "backendRef \(backendRef.label) is both \(other)'s and \(version)'s; give each version its own"))
            }
            owner[backendRef.index] = version
            mapping[version] = backendRef.index
        }
        return .success(mapping)
    }

    static func binding(
        _ found: RouteRule, mapping: [String: Int], _ rule: HTTPRouteRule, _ versions: [String], _ route: HTTPRoute
    ) throws -> RuleBinding {
        let backendRefs = found.backendRefs
        let assigned = Set(mapping.values)
        let unassigned = backendRefs.map(\.index).filter { !assigned.contains($0) }
        for index in unassigned where backendRefs[index].effectiveWeight != 0 {
            let weight = backendRefs[index].weight.map { "weight \($0)" } ?? "no weight (1 by default)"
            throw GatewayAPIError(
                .unassignedBackendRef,
                "backendRef \(backendRefs[index].label) belongs to no version but has \(weight); a split over the versions "
                    + "would take its traffic away (give it weight: 0, or name it a version's in spec.routing.backendRefs)",
                httpRoute: route.reference, rule: found.label)
        }
        var defaultRule: Int?
        if found.hasHeaderMatches {
            let selectors = versions.map(rule.backendRef(of:))
            defaultRule = route.rules.first { later in
                later.index > found.index && !later.hasHeaderMatches
                    && later.backendRefs.contains { ref in selectors.contains { matches(ref, $0, routeNamespace: route.namespace) } }
            }?.index
        }
        return RuleBinding(
            httpRoute: route.reference, ruleIndex: found.index, ruleName: found.name, versions: versions, backendRefs: mapping,
            unassigned: unassigned, hasHeaderMatches: found.hasHeaderMatches, defaultRuleIndex: defaultRule)
    }

    static func describe(_ selector: HTTPRouteRule.BackendRef) -> String {
        var text = "Service " + (selector.namespace.map { "\($0)/" } ?? "") + selector.name
        if let port = selector.port { text += " port \(port)" }
        return text
    }
}

extension JSONValue {
    /// The object with `metadata.namespace` set.
    func settingNamespace(_ namespace: String) -> JSONValue {
        var copy = self
        copy["metadata"]?["namespace"] = .string(namespace)
        return copy
    }
}
