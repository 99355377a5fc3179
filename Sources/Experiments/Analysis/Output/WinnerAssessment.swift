/// Whether a winner is declared, which, and why.
public struct WinnerAssessment: Codable, Sendable, Hashable {
    /// A winner is declared.
    public var found: Bool
    /// The winner's name when found.
    public var version: String?
    /// The probability behind the decision (probability of being best, or of satisfying every
    /// objective for Canary and Conformance), when one applies.
    public var probability: Double?
    /// A sentence explaining the decision (or the lack of one).
    public var reason: String

    /// Creates a winner assessment.
    public init(found: Bool, version: String?, probability: Double?, reason: String) {
        self.found = found
        self.version = version
        self.probability = probability
        self.reason = reason
    }
}

/// Whether an objective with `rollbackOnFailure` has failed for some version.
public struct RollbackAssessment: Codable, Sendable, Hashable {
    /// Roll back now.
    public var recommended: Bool
    /// Which version failed which objective, when recommended.
    public var reason: String?

    /// Creates a rollback assessment.
    public init(recommended: Bool, reason: String?) {
        self.recommended = recommended
        self.reason = reason
    }
}
