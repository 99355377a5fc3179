extension TrafficRecommendation {
    /// A recommendation of `weights` (one per version, in input order).
    static func make(
        input: AnalysisInput, weights: [Int], proposed: [Double], held: Bool, reason: String
    ) -> TrafficRecommendation {
        let current = input.currentWeights
        let entries = input.versions.indices.map { v in
            VersionWeight(
                version: input.versions[v].name, weight: weights[v], proposed: proposed[v], current: current[v])
        }
        return TrafficRecommendation(
            policy: input.settings.trafficPolicy, weights: entries, held: held, reason: reason)
    }

    /// A recommendation that keeps `weights` as they are.
    static func holding(input: AnalysisInput, weights: [Int], reason: String) -> TrafficRecommendation {
        make(input: input, weights: weights, proposed: weights.map(Double.init), held: true, reason: reason)
    }
}
