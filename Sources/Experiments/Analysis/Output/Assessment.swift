/// The verdict on one objective for one version.
public enum Assessment: String, Codable, Sendable, Hashable {
    /// P(satisfied) ≥ confidence.
    case pass
    /// P(violated) ≥ confidence.
    case fail
    /// Data exists but neither pass nor fail is certain enough yet.
    case inconclusive
    /// Nothing (or too little) observed: never a pass, never a failure.
    case noData

    /// The verdict for a probability of satisfying an objective at the given confidence
    /// (nil probability = no data).
    public static func from(probabilitySatisfied p: Double?, confidence: Double) -> Assessment {
        guard let p else { return .noData }
        if p >= confidence { return .pass }
        if 1 - p >= confidence { return .fail }
        return .inconclusive
    }
}
