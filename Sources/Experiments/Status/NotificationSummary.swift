/// What a spec notification task reports about the experiment at the transition, as iter8's `notification/http`
/// summary did: kept in the outbox entry, so every re-send carries the same values.
public struct NotificationSummary: Codable, Hashable, Sendable {
    /// One version's weight.
    public struct Weight: Codable, Hashable, Sendable {
        /// The version.
        public var name: String
        /// Its weight, percent.
        public var value: Int

        /// Creates a weight.
        public init(name: String, value: Int) {
            self.name = name
            self.value = value
        }
    }

    /// The last assessment declared a winner.
    public var winnerFound: Bool
    /// The winner, when found.
    public var winner: String?
    /// The version the last assessment recommended for promotion (the baseline until a winner exists).
    public var versionRecommendedForPromotion: String?
    /// The split at the transition (an end's final split), baseline first, then candidates in spec order.
    public var lastRecommendedWeights: [Weight]?

    /// Creates a summary.
    public init(winner: String?, versionRecommendedForPromotion: String?, lastRecommendedWeights: [Weight]?) {
        winnerFound = winner != nil
        self.winner = winner
        self.versionRecommendedForPromotion = versionRecommendedForPromotion
        self.lastRecommendedWeights = lastRecommendedWeights
    }

    /// The summary of `state` for versions named `versions` (baseline first): an end's split, else the split pending
    /// or last applied.
    public init(_ state: ExperimentState, versions: [String]) {
        let split = state.finish?.split ?? state.pendingWeights ?? state.weights
        self.init(
            winner: state.winner, versionRecommendedForPromotion: state.recommendedVersion,
            lastRecommendedWeights: split.map { split in
                let named = versions.filter { split[$0] != nil } + split.keys.filter { !versions.contains($0) }.sorted()
                return named.map { Weight(name: $0, value: split[$0] ?? 0) }
            })
    }
}
