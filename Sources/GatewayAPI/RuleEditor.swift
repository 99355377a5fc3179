import Kubernetes
import Routing

/// Pure edits of an HTTPRoute for a located rule: read the split, set a split (weights only), promote.
public enum RuleEditor {
    /// The split in force, by version, in whole percentages: each backendRef's share is its weight over the sum of
    /// the rule's weights (an omitted weight is 1), rounded so the rule's shares sum to 100 (largest remainder,
    /// ties to the earlier backendRef). A rule whose weights are all 0 serves nothing: every version reads 0.
    ///
    /// - Throws: ``GatewayAPIError`` (`invalidObject`) for a weight that is not an integer in 0–1,000,000, which
    ///   the Gateway API does not accept either.
    public static func currentSplit(of route: HTTPRoute, binding: RuleBinding) throws -> [String: Int] {
        let rule = try self.rule(binding, in: route)
        let backendRefs = rule.backendRefs
        for backendRef in backendRefs {
            let weight = backendRef.object["weight"]
            guard weight == nil || (backendRef.weight.map { (0...BackendReference.maxWeight).contains($0) } ?? false) else {
                throw GatewayAPIError(
                    .invalidObject,
                    "backendRef \(backendRef.label) has weight \(weight.map { String(describing: $0) } ?? ""), not an integer in 0–1,000,000",
                    httpRoute: binding.httpRoute, rule: binding.ruleLabel)
            }
        }
        let shares = percentages(backendRefs.map(\.effectiveWeight))
        var split: [String: Int] = [:]
        for version in binding.versions {
            guard let index = binding.backendRefs[version], shares.indices.contains(index) else {
                throw GatewayAPIError(
                    .backendRefNotFound, "the rule no longer has the version's backendRef", httpRoute: binding.httpRoute,
                    rule: binding.ruleLabel, version: version)
            }
            split[version] = shares[index]
        }
        return split
    }

    /// `weights` as whole percentages summing to 100 (all 0 when they sum to 0): each gets the floor of its share,
    /// and the points left go to the largest remainders, earlier entries first on a tie.
    public static func percentages(_ weights: [Int64]) -> [Int] {
        let total = weights.reduce(0, +)
        guard total > 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { Int($0 * 100 / total) }
        let remainders = weights.map { $0 * 100 % total }
        let left = 100 - shares.reduce(0, +)
        let order = weights.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in order.prefix(left) { shares[index] += 1 }
        return shares
    }

    /// Checks that `split` gives every version of the binding (and nothing else) an integer weight 0–100, summing
    /// to 100.
    public static func validate(_ split: [String: Int], binding: RuleBinding) throws {
        guard let problem = SplitCheck.problem(split, versions: binding.versions) else { return }
        throw GatewayAPIError(
            .invalidSplit, problem.message, httpRoute: binding.httpRoute, rule: binding.ruleLabel, version: problem.version)
    }

    /// The edit that sets `split` on the rule: only `weight` values change (a backendRef at 0 keeps `weight: 0`; a
    /// missing `weight` key is added, except on a lone backendRef that gets 100, which has all traffic already).
    public static func split(_ split: [String: Int], binding: RuleBinding, in route: HTTPRoute) throws -> HTTPRouteEdit {
        try validate(split, binding: binding)
        let rule = try self.rule(binding, in: route)
        var builder = JSONPatchBuilder()
        try setWeights(split, binding: binding, rule: rule, &builder)
        return try builder.edit(of: route)
    }

    static func setWeights(_ split: [String: Int], binding: RuleBinding, rule: RouteRule, _ builder: inout JSONPatchBuilder) throws {
        let backendRefs = rule.backendRefs
        for version in binding.versions {
            guard let index = binding.backendRefs[version], backendRefs.indices.contains(index) else {
                throw GatewayAPIError(
                    .backendRefNotFound, "the rule no longer has the version's backendRef", httpRoute: binding.httpRoute,
                    rule: binding.ruleLabel, version: version)
            }
            let weight = split[version] ?? 0
            if backendRefs.count == 1 && backendRefs[index].weight == nil && weight == 100 { continue }
            builder.setWeight(weight, rule: rule, backendRef: index)
        }
    }

    /// The rule of `binding`, checked to still be the same rule (same index and name).
    static func rule(_ binding: RuleBinding, in route: HTTPRoute) throws -> RouteRule {
        let rules = route.rules
        guard rules.indices.contains(binding.ruleIndex), rules[binding.ruleIndex].name == binding.ruleName else {
            throw GatewayAPIError(
                .ruleNotFound, "the rule is no longer at rules[\(binding.ruleIndex)]; locate it again", httpRoute: binding.httpRoute,
                rule: binding.ruleLabel)
        }
        return rules[binding.ruleIndex]
    }
}
