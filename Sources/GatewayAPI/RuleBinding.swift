import Routing

/// Where an experiment's versions are in an HTTPRoute: one rule, and per version the index of its backendRef in
/// that rule. Made by ``RuleLocator``; every ambiguity was an error on the way.
public struct RuleBinding: Hashable, Sendable {
    /// `namespace/name` of the HTTPRoute.
    public var httpRoute: String
    /// Index of the rule in `spec.rules`.
    public var ruleIndex: Int
    /// The rule's `name`, if it has one.
    public var ruleName: String?
    /// Version names, baseline first.
    public var versions: [String]
    /// Per version, the index of its backendRef in the rule's `backendRefs`.
    public var backendRefs: [String: Int]
    /// BackendRefs of the rule that belong to no version; they carry weight 0 and keep it.
    public var unassigned: [Int]
    /// Whether the rule's matches carry headers (an A/B rule that carries only the matching traffic).
    public var hasHeaderMatches: Bool
    /// For an A/B rule: the first later rule without header matches that has a version's backendRef, which takes
    /// the other traffic.
    public var defaultRuleIndex: Int?

    /// Creates a binding.
    public init(
        httpRoute: String, ruleIndex: Int, ruleName: String?, versions: [String], backendRefs: [String: Int],
        unassigned: [Int] = [], hasHeaderMatches: Bool = false, defaultRuleIndex: Int? = nil
    ) {
        self.httpRoute = httpRoute
        self.ruleIndex = ruleIndex
        self.ruleName = ruleName
        self.versions = versions
        self.backendRefs = backendRefs
        self.unassigned = unassigned
        self.hasHeaderMatches = hasHeaderMatches
        self.defaultRuleIndex = defaultRuleIndex
    }

    /// `name`, or `rules[i]` for an unnamed rule.
    public var ruleLabel: String { ruleName ?? "rules[\(ruleIndex)]" }

    /// The JSON pointer to `version`'s `weight`, e.g. `/spec/rules/0/backendRefs/1/weight`.
    public func weightPointer(of version: String) -> String? {
        backendRefs[version].map {
            ValuePath(["spec", "rules", .index(ruleIndex), "backendRefs", .index($0), "weight"]).description
        }
    }
}
